package dev.corosyncexporter.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * knet link statistics from a stats-map listing: the links collector's query of exact keys ({@code
 * corosync-cmapctl -m stats stats.knet.node2.link0.enabled ...}), a walk of {@code stats.knet.}, or
 * {@code -g} of single keys; other keys in the listing (srp, schedmiss) are ignored.
 *
 * <p>Every per-link value (mtu, latency, down count, the {@link KnetLink.Traffic} counters) is
 * empty when its key is absent or not a number; only the state bits decide whether a link is
 * reported.
 *
 * <p>The local node is left out: knet keeps only a loopback link0 for it. A (node, link) pair whose
 * {@code enabled} or {@code connected} key is missing or not a number is left out as well, since
 * its state is unknown (cmapctl drops keys it could not read from knet).
 */
public final class KnetStatsParser {

  private static final Pattern KEY =
      Pattern.compile("^stats\\.knet\\.node(\\d{1,10})\\.link(\\d{1,3})\\.([a-z_]+)$");
  private static final double MICROS_PER_SECOND = 1_000_000.0;

  private KnetStatsParser() {}

  private record LinkKey(long node, int link) implements Comparable<LinkKey> {
    @Override
    public int compareTo(LinkKey o) {
      int c = Long.compare(node, o.node);
      return c != 0 ? c : Integer.compare(link, o.link);
    }
  }

  /** Links to every peer, sorted by peer id then link number. */
  public static List<KnetLink> parse(CmapEntries stats, long localNodeId) throws ParseException {
    return LineParser.guard(CmapctlParser.TOOL, () -> build(stats, localNodeId));
  }

  private static List<KnetLink> build(CmapEntries stats, long localNodeId) {
    TreeMap<LinkKey, Map<String, String>> byLink = new TreeMap<>();
    for (Map.Entry<String, CmapEntries.Entry> e : stats.entries().entrySet()) {
      Matcher m = KEY.matcher(e.getKey());
      if (!m.matches()) {
        continue;
      }
      long node = Long.parseLong(m.group(1));
      if (node == localNodeId) {
        continue;
      }
      LinkKey key = new LinkKey(node, Integer.parseInt(m.group(2)));
      byLink.computeIfAbsent(key, k -> new HashMap<>()).put(m.group(3), e.getValue().value());
    }
    List<KnetLink> links = new ArrayList<>();
    for (Map.Entry<LinkKey, Map<String, String>> e : byLink.entrySet()) {
      Map<String, String> v = e.getValue();
      OptionalLong enabled = number(v, "enabled");
      OptionalLong connected = number(v, "connected");
      if (enabled.isEmpty() || connected.isEmpty()) {
        continue;
      }
      OptionalLong samples = number(v, "latency_samples");
      OptionalLong average = number(v, "latency_ave");
      OptionalDouble latency =
          samples.isPresent() && samples.getAsLong() > 0 && average.isPresent()
              ? OptionalDouble.of(average.getAsLong() / MICROS_PER_SECOND)
              : OptionalDouble.empty();
      links.add(
          new KnetLink(
              e.getKey().node(),
              e.getKey().link(),
              enabled.getAsLong() != 0,
              connected.getAsLong() != 0,
              number(v, "mtu"),
              latency,
              number(v, "down_count"),
              new KnetLink.Traffic(
                  number(v, "tx_ping_packets"),
                  number(v, "rx_pong_packets"),
                  number(v, "rx_total_retries"),
                  number(v, "tx_total_errors"),
                  number(v, "tx_data_packets"),
                  number(v, "rx_data_packets"),
                  number(v, "tx_data_bytes"),
                  number(v, "rx_data_bytes"))));
    }
    return links;
  }

  private static OptionalLong number(Map<String, String> values, String name) {
    String s = values.get(name);
    if (s == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(s.strip()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
