package dev.corosyncexporter.central;

import dev.corosyncexporter.collector.CollectorSelection;
import dev.corosyncexporter.collector.ToolPaths;
import dev.corosyncexporter.command.CommandRunner;
import dev.corosyncexporter.concurrent.Deadline;
import dev.corosyncexporter.config.ClusterTarget;
import dev.corosyncexporter.config.ExporterConfig;
import dev.corosyncexporter.config.NodeTarget;
import dev.corosyncexporter.http.ProbeHandler;
import dev.corosyncexporter.scrape.BuildInfo;
import dev.corosyncexporter.scrape.Metrics;
import dev.corosyncexporter.scrape.NodeScrape;
import dev.corosyncexporter.scrape.ScrapeDeadlines;
import dev.corosyncexporter.scrape.SnapshotAssembler;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * Central mode for Prometheus: {@code /metrics} scrapes every configured cluster, {@code
 * /probe?target=NAME} one of them. Each answers before Prometheus' scrape timeout
 * (X-Prometheus-Scrape-Timeout-Seconds) with the nodes that finished by then.
 */
public final class CentralExporter implements MultiCollector, ProbeHandler, AutoCloseable {
  private final Map<String, ClusterScraper> clusters = new LinkedHashMap<>();
  private final Map<String, PrometheusRegistry> probes = new LinkedHashMap<>();
  private final ExecutorService executor;
  private final BuildInfo buildInfo;
  private volatile boolean collectedOnce;

  /**
   * One scraper per configured cluster; {@code runnerFor} gives each node's runner (in production
   * an SSH session per node, opened on first use and kept). Tools are called by absolute path: a
   * non-root user's PATH over SSH usually lacks /usr/sbin.
   */
  public static CentralExporter create(
      ExporterConfig config,
      Function<NodeTarget, CommandRunner> runnerFor,
      CollectorSelection nodeCollectors,
      CollectorSelection qnetdCollectors,
      ToolPaths tools,
      boolean watchConfig,
      ExecutorService executor,
      BuildInfo buildInfo) {
    List<ClusterScraper> scrapers = new ArrayList<>();
    for (ClusterTarget c : config.clusters()) {
      scrapers.add(
          new ClusterScraper(
              c, runnerFor, nodeCollectors, qnetdCollectors, tools, watchConfig, executor));
    }
    return new CentralExporter(scrapers, executor, buildInfo);
  }

  CentralExporter(List<ClusterScraper> scrapers, ExecutorService executor, BuildInfo buildInfo) {
    this.executor = executor;
    this.buildInfo = buildInfo;
    for (ClusterScraper c : scrapers) {
      clusters.put(c.name(), c);
      PrometheusRegistry r = new PrometheusRegistry();
      r.register(
          new MultiCollector() {
            @Override
            public MetricSnapshots collect() {
              return CentralExporter.this.collect(List.of(c), ScrapeDeadlines.withoutRequest());
            }

            @Override
            public MetricSnapshots collect(PrometheusScrapeRequest request) {
              return CentralExporter.this.collect(List.of(c), ScrapeDeadlines.of(request));
            }
          });
      probes.put(c.name(), r);
    }
  }

  @Override
  public MetricSnapshots collect() {
    return collect(List.copyOf(clusters.values()), ScrapeDeadlines.withoutRequest());
  }

  @Override
  public MetricSnapshots collect(PrometheusScrapeRequest request) {
    return collect(List.copyOf(clusters.values()), ScrapeDeadlines.of(request));
  }

  /** True once a collection of every cluster has finished, whatever it found. */
  public boolean collectedOnce() {
    return collectedOnce;
  }

  private MetricSnapshots collect(List<ClusterScraper> which, Deadline deadline) {
    List<CompletableFuture<ClusterScrape>> running = new ArrayList<>();
    for (ClusterScraper c : which) {
      running.add(CompletableFuture.supplyAsync(() -> c.scrape(deadline), executor));
    }
    List<NodeScrape> nodes = new ArrayList<>();
    List<SnapshotAssembler.Extra> extras = new ArrayList<>();
    for (CompletableFuture<ClusterScrape> f : running) {
      ClusterScrape s = f.join();
      nodes.addAll(s.nodes());
      extras.addAll(s.extras());
    }
    extras.add(
        new SnapshotAssembler.Extra(
            Metrics.BUILD_INFO,
            Labels.of("version", buildInfo.version(), "revision", buildInfo.revision()),
            1));
    if (which.size() == clusters.size()) {
      collectedOnce = true;
    }
    return SnapshotAssembler.assemble(nodes, extras);
  }

  /** Stops the configuration watchers of every cluster. */
  @Override
  public void close() {
    clusters.values().forEach(ClusterScraper::close);
  }

  @Override
  public Set<String> targets() {
    return clusters.keySet();
  }

  @Override
  public Optional<PrometheusRegistry> registryFor(String target) {
    return Optional.ofNullable(probes.get(target));
  }
}
