package dev.corosyncexporter.parse;

import dev.corosyncexporter.parse.NodeStatus.Link;
import dev.corosyncexporter.parse.NodeStatus.Peer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code corosync-cfgtool -n} (3.1.1+). A node id listed twice keeps its first block. LINK lines before
 * any nodeid line are skipped.
 */
public final class CfgtoolNodesParser {

  private static final String TOOL = CfgtoolStatusParser.TOOL;

  private static final Pattern LOCAL = Pattern.compile("^Local node ID (\\d{1,10})(?:, transport .*)?$");
  // "nodeid: 2 reachable[ remote][ external][   onwire (min/max/cur): 0, 1, 1]"
  private static final Pattern NODE = Pattern.compile("^nodeid: (\\d{1,10})(.*)$");
  // 3.1.5+ print the transport word before "(", 3.1.1-3.1.4 do not; non-knet transports print no "->dst".
  private static final Pattern LINK =
      Pattern.compile("^\\s+LINK: (\\d{1,3}) (?:(\\S+) )?\\(([^()]*)\\)(.*?) mtu: (\\d{1,10})$");

  private CfgtoolNodesParser() {}

  public static NodeStatus parse(String stdout) throws ParseException {
    return LineParser.guard(TOOL, () -> build(LineParser.lines(TOOL, stdout)));
  }

  private static NodeStatus build(List<String> lines) throws ParseException {
    Long localNodeId = null;
    List<Peer> peers = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    long nodeId = 0;
    boolean reachable = false;
    List<Link> links = null; // null: no current node, or a duplicate being skipped
    for (String line : lines) {
      Matcher m;
      if ((m = LOCAL.matcher(line)).matches()) {
        if (localNodeId == null) {
          localNodeId = Long.parseLong(m.group(1));
        }
      } else if ((m = NODE.matcher(line)).matches()) {
        if (links != null) {
          peers.add(new Peer(nodeId, reachable, links));
        }
        nodeId = Long.parseLong(m.group(1));
        reachable = words(m.group(2)).contains("reachable");
        links = seen.add(nodeId) ? new ArrayList<>() : null;
      } else if (links != null && (m = LINK.matcher(line)).matches()) {
        links.add(link(m));
      }
    }
    if (links != null) {
      peers.add(new Peer(nodeId, reachable, links));
    }
    if (localNodeId == null) {
      throw new ParseException(TOOL, "no 'Local node ID' line");
    }
    return new NodeStatus(localNodeId, peers);
  }

  private static Link link(Matcher m) {
    String addresses = m.group(3);
    int arrow = addresses.indexOf("->");
    String source = arrow < 0 ? addresses : addresses.substring(0, arrow);
    String destination = arrow < 0 ? "" : addresses.substring(arrow + 2);
    Set<String> flags = words(m.group(4));
    return new Link(
        Integer.parseInt(m.group(1)),
        m.group(2) == null ? "" : m.group(2),
        source,
        destination,
        flags.contains("enabled"),
        flags.contains("connected"),
        Long.parseLong(m.group(5)));
  }

  /** The words before "onwire", where the flag words end. */
  private static Set<String> words(String text) {
    Set<String> out = new HashSet<>();
    for (String w : text.strip().split("\\s+")) {
      if (w.equals("onwire")) {
        break;
      }
      out.add(w);
    }
    return out;
  }
}
