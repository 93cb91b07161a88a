package dev.corosyncexporter.central;

import dev.corosyncexporter.collector.QuorumView;
import dev.corosyncexporter.scrape.NodeScrape;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Compares the nodes' views of one cluster: the split brain no single node can see. */
final class ClusterViews {
  private ClusterViews() {}

  static boolean quorate(NodeScrape node) {
    return node.quorumView().map(QuorumView::quorate).orElse(false);
  }

  /** Distinct membership views among the nodes whose quorum collector answered. */
  static int partitions(List<NodeScrape> reachable) {
    Set<Set<Long>> views = new HashSet<>();
    for (NodeScrape n : reachable) {
      n.quorumView().map(QuorumView::memberIds).filter(m -> !m.isEmpty()).ifPresent(views::add);
    }
    return views.size();
  }
}
