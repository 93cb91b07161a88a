package dev.corosyncexporter.parse;

import dev.corosyncexporter.parse.LineParser.Field;
import dev.corosyncexporter.parse.LineParser.Fields;
import dev.corosyncexporter.parse.QuorumStatus.Member;
import dev.corosyncexporter.parse.QuorumStatus.QdeviceCell;
import dev.corosyncexporter.parse.QuorumStatus.QdeviceRow;
import dev.corosyncexporter.parse.QuorumStatus.RingId;
import dev.corosyncexporter.parse.QuorumStatus.Votequorum;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * corosync-quorumtool {@code -s}/{@code -p}/{@code -siH} and {@code pvecm status}.
 *
 * <p>Only the first status block is read: {@code -m} repeats whole blocks, and a section header
 * seen a second time ends the parse. Within a block the first occurrence of a label or of a node id
 * wins.
 */
public final class QuorumtoolParser {

  static final String TOOL = "corosync-quorumtool";

  /** The Flags: line's tokens as corosync prints them; an unknown one is skipped. */
  private static final Map<String, QuorumFlag> FLAGS =
      Map.of(
          "2Node", QuorumFlag.TWO_NODE,
          "Quorate", QuorumFlag.QUORATE,
          "WaitForAll", QuorumFlag.WAIT_FOR_ALL,
          "LastManStanding", QuorumFlag.LAST_MAN_STANDING,
          "AutoTieBreaker", QuorumFlag.AUTO_TIE_BREAKER,
          "AllowDownscale", QuorumFlag.ALLOW_DOWNSCALE,
          "Qdevice", QuorumFlag.QDEVICE);

  private static final String ID = "(0x[0-9a-fA-F]{8}|\\d{1,10})";
  // The qdevice row: nodeid 0, votes, then 11 literal spaces where the Qdevice cell would be (1 +
  // 11 = 12), then its name, with " (votes N)" (the configured votes) appended when it does not
  // vote.
  private static final Pattern QDEVICE_ROW =
      Pattern.compile("^ *(0|0x00000000) +(\\d{1,10}) {12}\\S.*?(?: \\(votes \\d{1,10}\\))?$");
  private static final Pattern ROW_QDEVICE =
      Pattern.compile("^ *" + ID + " +(\\d{1,10}) +(NR|N?A,N?V,N?MW)(?: (.*?))?(?: \\(local\\))?$");
  private static final Pattern ROW_VOTES =
      Pattern.compile("^ *" + ID + " +(\\d{1,10})(?: (.*?))?(?: \\(local\\))?$");
  private static final Pattern ROW_NO_VOTES =
      Pattern.compile("^ *" + ID + "(?: (.*?))?(?: \\(local\\))?$");
  private static final Pattern HEADER_QDEVICE =
      Pattern.compile("^\\s*Nodeid\\s+Votes\\s+Qdevice\\s+Name\\s*$");
  private static final Pattern HEADER_VOTES = Pattern.compile("^\\s*Nodeid\\s+Votes\\s+Name\\s*$");
  private static final Pattern HEADER_NO_VOTES = Pattern.compile("^\\s*Nodeid\\s+Name\\s*$");
  private static final Pattern UNABLE = Pattern.compile("^Unable to get node \\d+ info$");
  private static final Pattern UNDERLINE = Pattern.compile("^[-~]+$");

  private static final Pattern RING_HEX =
      Pattern.compile("^[0-9a-fA-F]{1,8}\\.([0-9a-fA-F]{1,16})$");
  private static final Pattern RING_SLASH = Pattern.compile("^-?\\d{1,10}/(\\d{1,20})$");
  private static final Pattern RING_BARE_DEC = Pattern.compile("^\\d{1,20}$");
  private static final Pattern RING_BARE_HEX = Pattern.compile("^[0-9a-fA-F]{1,16}$");
  private static final Pattern QUORUM = Pattern.compile("^(-?\\d{1,10})(.*)$");
  private static final Pattern SIGNED = Pattern.compile("^-?\\d{1,10}$");

  private static final List<String> CLUSTER_LABELS =
      List.of("Name", "Config Version", "Transport", "Secure auth");
  private static final List<String> VOTEQUORUM_LABELS =
      List.of("Expected votes", "Highest expected", "Total votes", "Quorum", "Flags");

  private QuorumtoolParser() {}

  public static QuorumStatus parse(String stdout) throws ParseException {
    return LineParser.guard(TOOL, () -> toStatus(scan(stdout)));
  }

  private enum Section {
    NONE,
    CLUSTER,
    QUORUM,
    VOTEQUORUM,
    MEMBERSHIP
  }

  private enum Columns {
    QDEVICE,
    VOTES,
    NO_VOTES
  }

  /** Everything one pass over the lines collects; interpretation happens afterwards. */
  private static final class Scan {
    final Fields fields = new Fields(TOOL);
    final Set<Section> seen = EnumSet.noneOf(Section.class);
    final List<Member> members = new ArrayList<>();
    final Set<Long> memberIds = new HashSet<>();
    QdeviceRow qdeviceRow;
    Columns columns;
  }

  private static Scan scan(String stdout) throws ParseException {
    List<String> lines = LineParser.lines(TOOL, stdout);
    Scan s = new Scan();
    Section section = Section.NONE;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String stripped = line.strip();
      Section header = sectionHeader(stripped);
      if (header != null) {
        if (!s.seen.add(header)) {
          break; // the next block of -m output
        }
        section = header;
        continue;
      }
      if (stripped.isEmpty()
          || UNDERLINE.matcher(stripped).matches()
          || UNABLE.matcher(stripped).matches()) {
        continue;
      }
      if (section == Section.MEMBERSHIP) {
        membershipLine(s, i + 1, line);
      } else {
        s.fields.add(line, i + 1);
      }
    }
    return s;
  }

  private static Section sectionHeader(String stripped) {
    return switch (stripped) {
      case "Cluster information" -> Section.CLUSTER;
      case "Quorum information" -> Section.QUORUM;
      case "Votequorum information" -> Section.VOTEQUORUM;
      case "Membership information" -> Section.MEMBERSHIP;
      default -> null;
    };
  }

  private static void membershipLine(Scan s, int lineNo, String line) throws ParseException {
    if (HEADER_QDEVICE.matcher(line).matches()) {
      s.columns = s.columns == null ? Columns.QDEVICE : s.columns;
      return;
    }
    if (HEADER_VOTES.matcher(line).matches()) {
      s.columns = s.columns == null ? Columns.VOTES : s.columns;
      return;
    }
    if (HEADER_NO_VOTES.matcher(line).matches()) {
      s.columns = s.columns == null ? Columns.NO_VOTES : s.columns;
      return;
    }
    if (s.columns == null) {
      return; // a row is ambiguous without its header
    }
    if (s.columns != Columns.NO_VOTES) {
      Matcher q = QDEVICE_ROW.matcher(line);
      if (q.matches()) {
        if (s.qdeviceRow == null) {
          s.qdeviceRow = new QdeviceRow(LineParser.integer(TOOL, lineNo, line, q.group(2)));
        }
        return;
      }
    }
    Pattern p =
        switch (s.columns) {
          case QDEVICE -> ROW_QDEVICE;
          case VOTES -> ROW_VOTES;
          case NO_VOTES -> ROW_NO_VOTES;
        };
    Matcher m = p.matcher(line);
    if (!m.matches()) {
      return;
    }
    long id = LineParser.nodeId(TOOL, lineNo, line, m.group(1));
    if (!s.memberIds.add(id)) {
      return;
    }
    int votes =
        s.columns == Columns.NO_VOTES ? 0 : LineParser.integer(TOOL, lineNo, line, m.group(2));
    Optional<QdeviceCell> cell =
        s.columns == Columns.QDEVICE ? Optional.of(cell(m.group(3))) : Optional.empty();
    int nameGroup = s.columns == Columns.QDEVICE ? 4 : s.columns == Columns.VOTES ? 3 : 2;
    String name = m.group(nameGroup) == null ? "" : m.group(nameGroup);
    s.members.add(new Member(id, votes, cell, name));
  }

  private static QdeviceCell cell(String text) {
    if (text.equals("NR")) {
      return QdeviceCell.NOT_REGISTERED;
    }
    String[] parts = text.split(",", -1);
    return new QdeviceCell(
        true,
        parts[0].equals("A"),
        parts.length > 1 && parts[1].equals("V"),
        parts.length > 2 && parts[2].equals("MW"));
  }

  private static QuorumStatus toStatus(Scan s) throws ParseException {
    Field nodeIdField = s.fields.require("Node ID");
    Field ringField = s.fields.require("Ring ID");
    Field quorateField = s.fields.require("Quorate");
    Field nodesField = s.fields.require("Nodes");
    long nodeId =
        LineParser.nodeId(TOOL, nodeIdField.lineNo(), nodeIdField.line(), nodeIdField.value());
    boolean votequorumPresent = s.seen.contains(Section.VOTEQUORUM) || anyOf(s, VOTEQUORUM_LABELS);
    RingId ring = ringId(ringField, votequorumPresent);
    boolean quorate =
        switch (quorateField.value()) {
          case "Yes" -> true;
          case "No" -> false;
          default ->
              throw new ParseException(
                  TOOL,
                  quorateField.lineNo(),
                  quorateField.line(),
                  "Quorate is neither Yes nor No");
        };
    int nodes = signedInt(nodesField);
    String provider =
        Optional.ofNullable(s.fields.get("Quorum provider")).map(Field::value).orElse("");
    Optional<Votequorum> votequorum =
        votequorumPresent ? Optional.of(votequorum(s)) : Optional.empty();
    if (s.seen.contains(Section.CLUSTER) || anyOf(s, CLUSTER_LABELS)) {
      checkPvecmBlock(s);
    }
    return new QuorumStatus(
        provider,
        nodes,
        nodeId,
        ring,
        quorate,
        votequorum,
        s.members,
        Optional.ofNullable(s.qdeviceRow));
  }

  private static Votequorum votequorum(Scan s) throws ParseException {
    int expected = signedInt(s.fields.require("Expected votes"));
    int highest = signedInt(s.fields.require("Highest expected"));
    int total = signedInt(s.fields.require("Total votes"));
    Field quorumField = s.fields.require("Quorum");
    Matcher m = QUORUM.matcher(quorumField.value());
    if (!m.matches()) {
      throw new ParseException(
          TOOL, quorumField.lineNo(), quorumField.line(), "Quorum is not a number");
    }
    int quorum = LineParser.integer(TOOL, quorumField.lineNo(), quorumField.line(), m.group(1));
    boolean blocked = m.group(2).contains("Activity blocked");
    Set<QuorumFlag> flags = EnumSet.noneOf(QuorumFlag.class);
    Field flagsField = s.fields.get("Flags");
    if (flagsField != null) {
      // -1 keeps trailing empty tokens; they match no flag, like the leading one.
      for (String token : flagsField.value().split(" +", -1)) {
        QuorumFlag f = FLAGS.get(token);
        if (f != null) {
          flags.add(f);
        }
      }
    }
    return new Votequorum(expected, highest, total, quorum, blocked, flags);
  }

  /**
   * The "Cluster information" block of {@code pvecm status} is not exported, but an incomplete one
   * is output this parser does not know, like a truncated Votequorum section, so it fails the
   * parse.
   */
  private static void checkPvecmBlock(Scan s) throws ParseException {
    Field version = s.fields.require("Config Version");
    s.fields.require("Name");
    LineParser.number(TOOL, version.lineNo(), version.line(), version.value());
    s.fields.require("Transport");
    s.fields.require("Secure auth");
  }

  /**
   * A bare ring id is decimal on ≤2.3 but hex ("%llx") on ≥3.0.3 without votequorum; with hex
   * letters it can only be the latter, otherwise it is read as decimal unless votequorum is absent
   * (the only case where a ≥3.0.3 prints it bare).
   */
  private static RingId ringId(Field f, boolean votequorumPresent) throws ParseException {
    String raw = f.value();
    try {
      Matcher hex = RING_HEX.matcher(raw);
      if (hex.matches()) {
        return new RingId(Long.parseUnsignedLong(hex.group(1), 16));
      }
      Matcher slash = RING_SLASH.matcher(raw);
      if (slash.matches()) {
        return new RingId(Long.parseUnsignedLong(slash.group(1)));
      }
      if (RING_BARE_DEC.matcher(raw).matches() && votequorumPresent) {
        return new RingId(Long.parseUnsignedLong(raw));
      }
      if (RING_BARE_HEX.matcher(raw).matches()) {
        return new RingId(Long.parseUnsignedLong(raw, 16));
      }
    } catch (NumberFormatException e) {
      throw new ParseException(TOOL, f.lineNo(), f.line(), "Ring ID out of range");
    }
    throw new ParseException(TOOL, f.lineNo(), f.line(), "unknown Ring ID format");
  }

  private static int signedInt(Field f) throws ParseException {
    if (!SIGNED.matcher(f.value()).matches()) {
      throw new ParseException(TOOL, f.lineNo(), f.line(), "not a number");
    }
    return LineParser.integer(TOOL, f.lineNo(), f.line(), f.value());
  }

  private static boolean anyOf(Scan s, List<String> labels) {
    for (String l : labels) {
      if (s.fields.has(l)) {
        return true;
      }
    }
    return false;
  }
}
