package dev.corosyncexporter.central;

import dev.corosyncexporter.collector.LocalExporter;
import dev.corosyncexporter.collector.NodeScrape;
import dev.corosyncexporter.collector.SnapshotAssembler;
import dev.corosyncexporter.http.ProbeHandler;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Central mode for Prometheus: {@code /metrics} scrapes every configured cluster, {@code /probe?target=NAME}
 * one of them. Each answers before Prometheus' scrape timeout (X-Prometheus-Scrape-Timeout-Seconds) with the
 * nodes that finished by then.
 */
public final class CentralExporter implements MultiCollector, ProbeHandler, AutoCloseable {
  /** Time kept back from Prometheus' timeout for assembling and sending the answer. */
  static final Duration MARGIN = Duration.ofMillis(500);
  static final Duration DEFAULT_BUDGET = Duration.ofSeconds(10).minus(MARGIN);

  private final Map<String, ClusterScraper> clusters = new LinkedHashMap<>();
  private final Map<String, PrometheusRegistry> probes = new LinkedHashMap<>();
  private final ExecutorService executor;
  private final LocalExporter.BuildInfo buildInfo;

  /**
   * One scraper per configured cluster, one SSH runner per node (sessions opened on first use and kept).
   * Tools are called by absolute path: a non-root user's PATH over SSH usually lacks /usr/sbin.
   */
  public static CentralExporter create(
      dev.corosyncexporter.config.ExporterConfig config,
      SshRunnerPool pool,
      List<dev.corosyncexporter.collector.Collector> nodeCollectors,
      dev.corosyncexporter.collector.ToolPaths tools,
      boolean watchConfig,
      ExecutorService executor,
      LocalExporter.BuildInfo buildInfo) {
    List<ClusterScraper> scrapers = new ArrayList<>();
    for (dev.corosyncexporter.config.ClusterTarget c : config.clusters()) {
      scrapers.add(new ClusterScraper(
          c,
          pool::runnerFor,
          nodeCollectors,
          List.of(new dev.corosyncexporter.collector.QnetdCollector()),
          tools,
          watchConfig,
          executor));
    }
    return new CentralExporter(scrapers, executor, buildInfo);
  }

  CentralExporter(List<ClusterScraper> scrapers, ExecutorService executor, LocalExporter.BuildInfo buildInfo) {
    this.executor = executor;
    this.buildInfo = buildInfo;
    for (ClusterScraper c : scrapers) {
      clusters.put(c.name(), c);
      PrometheusRegistry r = new PrometheusRegistry();
      r.register(new MultiCollector() {
        @Override
        public MetricSnapshots collect() {
          return CentralExporter.this.collect(List.of(c), DEFAULT_BUDGET);
        }

        @Override
        public MetricSnapshots collect(PrometheusScrapeRequest request) {
          return CentralExporter.this.collect(List.of(c), budget(request));
        }
      });
      probes.put(c.name(), r);
    }
  }

  @Override
  public MetricSnapshots collect() {
    return collect(List.copyOf(clusters.values()), DEFAULT_BUDGET);
  }

  @Override
  public MetricSnapshots collect(PrometheusScrapeRequest request) {
    return collect(List.copyOf(clusters.values()), budget(request));
  }

  static Duration budget(PrometheusScrapeRequest request) {
    if (request instanceof PrometheusHttpRequest http) {
      String header = http.getHeader("X-Prometheus-Scrape-Timeout-Seconds");
      if (header != null) {
        try {
          Duration d = Duration.ofMillis((long) (Double.parseDouble(header.strip()) * 1000)).minus(MARGIN);
          return d.isNegative() || d.isZero() ? Duration.ofMillis(100) : d;
        } catch (NumberFormatException ignored) {
          // a malformed header gets the default budget
        }
      }
    }
    return DEFAULT_BUDGET;
  }

  private MetricSnapshots collect(List<ClusterScraper> which, Duration budget) {
    List<CompletableFuture<ClusterScrape>> running = new ArrayList<>();
    for (ClusterScraper c : which) {
      running.add(CompletableFuture.supplyAsync(() -> c.scrape(budget), executor));
    }
    List<NodeScrape> nodes = new ArrayList<>();
    List<SnapshotAssembler.Extra> extras = new ArrayList<>();
    for (CompletableFuture<ClusterScrape> f : running) {
      ClusterScrape s = f.join();
      nodes.addAll(s.nodes());
      extras.addAll(s.extras());
    }
    extras.add(new SnapshotAssembler.Extra(
        dev.corosyncexporter.collector.Metrics.BUILD_INFO,
        Labels.of("version", buildInfo.version(), "revision", buildInfo.revision()), 1));
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
