package dev.corosyncexporter.parse;

import dev.corosyncexporter.parse.LinkStatus.Entry;
import dev.corosyncexporter.parse.LinkStatus.State;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code corosync-cfgtool -s} of every 3.x layout (it changed in almost every 3.x release):
 *
 * <ul>
 *   <li>3.0.0–3.0.1: "node N:\tlink enabled:1\tlink connected:1", N is a position, not a node id;
 *   <li>3.0.2–3.0.3: "nodeid NN:\tlink enabled:1\tlink connected:1";
 *   <li>3.0.4–3.1.0: "nodeid N:\tconnected";
 *   <li>3.1.1 and later: "Local node ID N, transport T" then "nodeid: N:\tconnected".
 * </ul>
 *
 * <p>The {@code addr = ...} line under each LINK ID is skipped like any other line it does not
 * know.
 *
 * <p>Not supported, with a ParseException: the one-line {@code \tstatus\t= ...} form that {@code
 * -b} and the UDP/UDPU transports print, because it carries no node ids. Skipped: the {@code
 * nodeid: 0:} line 3.1.x prints for a node whose status it could not get (the node's id is lost),
 * and state words this parser does not know.
 */
public final class CfgtoolStatusParser {

  static final String TOOL = "corosync-cfgtool";

  private static final Pattern LOCAL =
      Pattern.compile("^Local node ID (\\d{1,10})(?:, transport .*)?$");
  private static final Pattern LINK = Pattern.compile("^LINK ID (\\d{1,3})(?: .*)?$");
  private static final Pattern ONE_LINE_STATUS = Pattern.compile("^\\s+status\\s+= (.*)$");
  // 3.0.0-3.0.1: the number is the position in knet's status string.
  private static final Pattern POSITION_BITS =
      Pattern.compile("^\\s+node (\\d{1,10}):\\s+link enabled:([01])\\s+link connected:([01])$");
  // 3.0.2-3.0.3: "nodeid %2d:" and the same bits.
  private static final Pattern NODEID_BITS =
      Pattern.compile(
          "^\\s+nodeid +(-?\\d{1,10}):\\s+link enabled:([01])\\s+link connected:([01])$");
  // 3.0.4-3.1.0: "nodeid %2d:\t<state>".
  private static final Pattern NODEID_WORD = Pattern.compile("^\\s+nodeid +(-?\\d{1,10}):\\t(.+)$");
  // 3.1.1+: "nodeid: %3d:" (3.1.1-3.1.4) or "nodeid: %10u:" (3.1.5+).
  private static final Pattern NODEID_COLON_WORD =
      Pattern.compile("^\\s+nodeid: +(\\d{1,10}):\\t(.+)$");
  private static final String NOT_ENABLED = " (not enabled)";

  private CfgtoolStatusParser() {}

  public static LinkStatus parse(String stdout) throws ParseException {
    return LineParser.guard(TOOL, () -> build(LineParser.lines(TOOL, stdout)));
  }

  private static LinkStatus build(List<String> lines) throws ParseException {
    Long localNodeId = null;
    Integer link = null;
    List<Entry> entries = new ArrayList<>();
    List<Integer> byIdBits =
        new ArrayList<>(); // 3.0.2-3.0.3 entries, checked against the local id at the end
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher local = LOCAL.matcher(line);
      Matcher linkId = LINK.matcher(line);
      if (local.matches()) {
        if (localNodeId == null) {
          localNodeId = Long.parseLong(local.group(1));
        }
      } else if (linkId.matches()) {
        link = Integer.parseInt(linkId.group(1));
      } else if (ONE_LINE_STATUS.matcher(line).matches()) {
        throw new ParseException(
            TOOL,
            i + 1,
            line,
            "one-line link status (brief -b output, or UDP/UDPU transport) is not supported");
      } else if (link != null) {
        addNodeLine(entries, byIdBits, link, line);
      }
    }
    if (localNodeId == null) {
      throw new ParseException(TOOL, "no 'Local node ID' line");
    }
    // 3.0.2-3.0.3 print nodeids, so the local node is known by id rather than by its odd 'n' bits.
    for (int idx : byIdBits) {
      Entry e = entries.get(idx);
      if (e.nodeId() == localNodeId && e.state() != State.LOCALHOST) {
        entries.set(idx, new Entry(e.link(), e.nodeId(), State.LOCALHOST, true));
      }
    }
    return new LinkStatus(localNodeId, entries);
  }

  /**
   * Adds the entry of a node line under a LINK ID, in whichever layout it is; lines of no known
   * layout (e.g. {@code addr = ...}) are skipped.
   */
  private static void addNodeLine(
      List<Entry> entries, List<Integer> byIdBits, int link, String line) {
    Matcher positionBits = POSITION_BITS.matcher(line);
    if (positionBits.matches()) {
      entries.add(
          fromBits(
              link,
              Long.parseLong(positionBits.group(1)),
              positionBits.group(2),
              positionBits.group(3)));
      return;
    }
    Matcher nodeIdBits = NODEID_BITS.matcher(line);
    if (nodeIdBits.matches()) {
      byIdBits.add(entries.size());
      entries.add(
          fromBits(
              link, signedNodeId(nodeIdBits.group(1)), nodeIdBits.group(2), nodeIdBits.group(3)));
      return;
    }
    Matcher nodeIdWord = NODEID_WORD.matcher(line);
    if (nodeIdWord.matches()) {
      addWord(entries, link, signedNodeId(nodeIdWord.group(1)), nodeIdWord.group(2));
      return;
    }
    Matcher nodeIdColonWord = NODEID_COLON_WORD.matcher(line);
    if (nodeIdColonWord.matches()) {
      addWord(entries, link, Long.parseLong(nodeIdColonWord.group(1)), nodeIdColonWord.group(2));
    }
  }

  /**
   * 3.0.x printed bits of (status char - '0'); the local node's 'n' comes out as enabled:0
   * connected:1, a combination knet never reports for a real link, so it marks localhost.
   */
  private static Entry fromBits(int link, long nodeId, String enabledBit, String connectedBit) {
    boolean enabled = enabledBit.equals("1");
    boolean connected = connectedBit.equals("1");
    if (!enabled && connected) {
      return new Entry(link, nodeId, State.LOCALHOST, true);
    }
    return new Entry(link, nodeId, connected ? State.CONNECTED : State.DISCONNECTED, enabled);
  }

  /** 3.0.x printed node ids with a signed "%2d"; ids above 2^31 came out negative. */
  private static long signedNodeId(String text) {
    long v = Long.parseLong(text);
    return v < 0 ? Integer.toUnsignedLong((int) v) : v;
  }

  private static void addWord(List<Entry> entries, int link, long nodeId, String text) {
    if (nodeId == 0) {
      return; // 3.1.x: node status could not be read, the struct stayed zeroed
    }
    boolean enabled = !text.endsWith(NOT_ENABLED);
    String word = enabled ? text : text.substring(0, text.length() - NOT_ENABLED.length());
    State state;
    if (word.equals("localhost")) {
      state = State.LOCALHOST;
    } else if (word.equals("connected")) {
      state = State.CONNECTED;
    } else if (word.equals("disconnected")) {
      state = State.DISCONNECTED;
    } else if (word.equals("knet error")
        || word.equals("config error")
        || word.startsWith("can't decode status character")) {
      state = State.ERROR;
    } else {
      return;
    }
    entries.add(new Entry(link, nodeId, state, enabled));
  }
}
