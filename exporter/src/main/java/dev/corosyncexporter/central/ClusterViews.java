package dev.corosyncexporter.central;

import dev.corosyncexporter.collector.Metrics;
import dev.corosyncexporter.collector.NodeScrape;
import dev.corosyncexporter.collector.Sample;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Compares the nodes' views of one cluster: the split brain no single node can see. */
final class ClusterViews {
  private ClusterViews() {}

  /** The member ids a node sees, or empty when its quorum collector did not answer. */
  static Set<Long> membership(NodeScrape node) {
    Set<Long> members = new TreeSet<>();
    for (Sample s : node.samples()) {
      if (s.metric() == Metrics.MEMBER_VOTES) {
        members.add(Long.parseLong(s.labelValues().get(0)));
      }
    }
    return members;
  }

  static boolean quorate(NodeScrape node) {
    return node.samples().stream().anyMatch(s -> s.metric() == Metrics.QUORATE && s.value() == 1);
  }

  /** Distinct membership views among the nodes that reported one. */
  static int partitions(List<NodeScrape> reachable) {
    Set<Set<Long>> views = new HashSet<>();
    for (NodeScrape n : reachable) {
      Set<Long> m = membership(n);
      if (!m.isEmpty()) {
        views.add(m);
      }
    }
    return views.size();
  }
}
