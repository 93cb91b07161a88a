package dev.corosyncexporter.scrape;

import dev.corosyncexporter.concurrent.Deadline;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/**
 * The client_java side of local mode: every scrape asks the node's collectors afresh, by its
 * deadline.
 */
public final class LocalExporter implements MultiCollector {
  private final SharedScrape<MetricSnapshots> shared;
  private final AtomicBoolean collectedOnce = new AtomicBoolean();

  public LocalExporter(NodeScraper scraper, BuildInfo buildInfo) {
    this.shared =
        new SharedScrape<>(
            deadline -> {
              NodeScrape node = safely(scraper, deadline);
              collectedOnce.set(true);
              return SnapshotAssembler.assemble(
                  List.of(node), List.of(buildInfo.extra(node.identity())));
            });
  }

  /**
   * NodeScraper contains collector failures itself; this is the last line against a bug turning
   * into HTTP 500.
   */
  private static NodeScrape safely(NodeScraper scraper, Deadline deadline) {
    try {
      return scraper.scrape(deadline);
    } catch (RuntimeException e) {
      LoggerFactory.getLogger(LocalExporter.class).error("scrape failed", e);
      return new NodeScrape(new Identity("", ""), List.of(), List.of(), Optional.empty());
    }
  }

  @Override
  public MetricSnapshots collect() {
    return shared.get(ScrapeDeadlines.withoutRequest());
  }

  @Override
  public MetricSnapshots collect(PrometheusScrapeRequest request) {
    return shared.get(ScrapeDeadlines.of(request));
  }

  /** True once a collection has finished, whatever it found: the exporter can answer a scrape. */
  public boolean collectedOnce() {
    return collectedOnce.get();
  }
}
