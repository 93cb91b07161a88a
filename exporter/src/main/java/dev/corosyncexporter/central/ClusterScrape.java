package dev.corosyncexporter.central;

import dev.corosyncexporter.scrape.NodeScrape;
import dev.corosyncexporter.scrape.SnapshotAssembler;
import java.util.List;

/**
 * One scrape of one cluster: each node's own view, plus what only the comparison of views shows.
 */
record ClusterScrape(List<NodeScrape> nodes, List<SnapshotAssembler.Extra> extras) {
  ClusterScrape {
    nodes = List.copyOf(nodes);
    extras = List.copyOf(extras);
  }
}
