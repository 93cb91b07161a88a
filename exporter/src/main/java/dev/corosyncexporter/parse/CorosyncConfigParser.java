package dev.corosyncexporter.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The running configuration from cmap keys (totem., nodelist.node., quorum., runtime.votequorum.,
 * and the timeouts in force under runtime.config.totem.).
 *
 * <p>A nodelist entry without {@code nodeid} (corosync 2 derived it from the ring0 IPv4 address)
 * gets its position in the nodelist plus one. The ring addresses are read only for the link count
 * and the name fallback; they are not kept.
 */
public final class CorosyncConfigParser {

  private static final Pattern NODE_KEY =
      Pattern.compile(
          "^nodelist\\.node\\.(\\d{1,9})\\.(nodeid|name|quorum_votes|ring(\\d{1,3})_addr)$");

  private static final String RUNTIME_TOTEM = "runtime.config.totem.";

  private static final Pattern PING_KEY =
      Pattern.compile(
          "^runtime\\.config\\.totem\\.interface\\.(\\d{1,3})\\.(knet_ping_interval|knet_ping_timeout)$");

  private CorosyncConfigParser() {}

  public static CorosyncConfig parse(CmapEntries cmap) throws ParseException {
    return LineParser.guard(CmapctlParser.TOOL, () -> build(cmap));
  }

  /** The keys of one nodelist.node.N entry. */
  private static final class NodeKeys {
    String nodeId;
    String name;
    String votes;
    final TreeMap<Integer, String> rings = new TreeMap<>();
  }

  private static CorosyncConfig build(CmapEntries cmap) throws ParseException {
    TreeMap<Integer, NodeKeys> byPosition = new TreeMap<>();
    for (Map.Entry<String, CmapEntries.Entry> e : cmap.entries().entrySet()) {
      Matcher m = NODE_KEY.matcher(e.getKey());
      if (!m.matches()) {
        continue;
      }
      NodeKeys n = byPosition.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new NodeKeys());
      String value = e.getValue().value().strip();
      switch (m.group(2)) {
        case "nodeid" -> n.nodeId = value;
        case "name" -> n.name = value;
        case "quorum_votes" -> n.votes = value;
        default -> n.rings.put(Integer.parseInt(m.group(3)), value);
      }
    }
    List<CorosyncConfig.Node> nodes = new ArrayList<>();
    int links = 0;
    for (Map.Entry<Integer, NodeKeys> e : byPosition.entrySet()) {
      NodeKeys n = e.getValue();
      String prefix = "nodelist.node." + e.getKey() + ".";
      long nodeId = n.nodeId == null ? e.getKey() + 1L : unsigned(prefix + "nodeid", n.nodeId);
      int votes =
          n.votes == null ? 1 : LineParser.clampToInt(unsigned(prefix + "quorum_votes", n.votes));
      String name = n.name != null ? n.name : n.rings.getOrDefault(0, "");
      if (!n.rings.isEmpty()) {
        links = Math.max(links, n.rings.lastKey() + 1);
      }
      String firstAddress = n.rings.isEmpty() ? "" : n.rings.firstEntry().getValue();
      nodes.add(new CorosyncConfig.Node(nodeId, name, votes, n.name != null, firstAddress));
    }
    String clusterName = cmap.string("totem.cluster_name").map(String::strip).orElse("");
    Optional<String> model = cmap.string("quorum.device.model").map(String::strip);
    OptionalLong qdVotes = cmap.number("quorum.device.votes");
    OptionalInt qdeviceVotes =
        qdVotes.isPresent()
            ? OptionalInt.of(LineParser.clampToInt(qdVotes.getAsLong()))
            : OptionalInt.empty();
    long localNodeId = cmap.number("runtime.votequorum.this_node_id").orElse(0);
    return new CorosyncConfig(
        clusterName,
        cmap.number("totem.config_version"),
        nodes,
        links,
        model,
        qdeviceVotes,
        localNodeId,
        timeouts(cmap));
  }

  /**
   * The runtime timeouts; a key that is absent or not a number leaves its value empty rather than
   * failing the configuration every collector needs.
   */
  private static CorosyncConfig.Timeouts timeouts(CmapEntries cmap) {
    TreeMap<Integer, Map<String, String>> byLink = new TreeMap<>();
    for (Map.Entry<String, CmapEntries.Entry> e : cmap.entries().entrySet()) {
      Matcher m = PING_KEY.matcher(e.getKey());
      if (m.matches()) {
        byLink
            .computeIfAbsent(Integer.parseInt(m.group(1)), k -> new TreeMap<>())
            .put(m.group(2), e.getKey());
      }
    }
    TreeMap<Integer, CorosyncConfig.KnetPing> ping = new TreeMap<>();
    byLink.forEach(
        (link, keys) ->
            ping.put(
                link,
                new CorosyncConfig.KnetPing(
                    number(cmap, keys.get("knet_ping_interval")),
                    number(cmap, keys.get("knet_ping_timeout")))));
    return new CorosyncConfig.Timeouts(
        cmap.number(RUNTIME_TOTEM + "token"),
        cmap.number(RUNTIME_TOTEM + "consensus"),
        cmap.number(RUNTIME_TOTEM + "token_warning"),
        ping);
  }

  private static OptionalLong number(CmapEntries cmap, String key) {
    return key == null ? OptionalLong.empty() : cmap.number(key);
  }

  private static long unsigned(String key, String value) throws ParseException {
    try {
      return Long.parseUnsignedLong(value);
    } catch (NumberFormatException e) {
      throw new ParseException(
          CmapctlParser.TOOL, "cmap key " + key + " is not a number: '" + value + "'");
    }
  }
}
