package dev.corosyncexporter.collector;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.List;

/** The client_java side of local mode: every scrape asks the node's collectors afresh. */
public final class LocalExporter implements MultiCollector {
  /**
   * Local collections are bounded by their commands' own timeouts, not by the scrape's: every scrape
   * gets the same budget, so one that arrives during a collection always joins it.
   */
  private static final Duration BUDGET = Duration.ZERO;

  private final SharedScrape<MetricSnapshots> shared;

  public LocalExporter(NodeScraper scraper, BuildInfo buildInfo) {
    this.shared =
        new SharedScrape<>(
            budget -> {
              NodeScrape node = safely(scraper);
              return SnapshotAssembler.assemble(List.of(node), List.of(buildInfo.extra(node.identity())));
            });
  }

  /** NodeScraper contains collector failures itself; this is the last line against a bug turning into HTTP 500. */
  private static NodeScrape safely(NodeScraper scraper) {
    try {
      return scraper.scrape();
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(LocalExporter.class).error("scrape failed", e);
      return new NodeScrape(new Identity("", ""), List.of(), List.of());
    }
  }

  @Override
  public MetricSnapshots collect() {
    return shared.get(BUDGET);
  }

  public record BuildInfo(String version, String revision) {
    public SnapshotAssembler.Extra extra(Identity id) {
      return new SnapshotAssembler.Extra(
          Metrics.BUILD_INFO,
          Labels.of(
              "cluster_name", id.clusterName(), "node_name", id.nodeName(), "version", version, "revision", revision),
          1);
    }
  }
}
