package dev.corosyncexporter.central;

import dev.corosyncexporter.collector.CollectorSelection;
import dev.corosyncexporter.collector.ToolPaths;
import dev.corosyncexporter.command.CommandRunner;
import dev.corosyncexporter.concurrent.AwaitException;
import dev.corosyncexporter.concurrent.Deadline;
import dev.corosyncexporter.config.ClusterTarget;
import dev.corosyncexporter.config.NodeTarget;
import dev.corosyncexporter.scrape.CollectorOutcome;
import dev.corosyncexporter.scrape.ConfigSource;
import dev.corosyncexporter.scrape.Identity;
import dev.corosyncexporter.scrape.Metrics;
import dev.corosyncexporter.scrape.NodeScrape;
import dev.corosyncexporter.scrape.NodeScraper;
import dev.corosyncexporter.scrape.SharedScrape;
import dev.corosyncexporter.scrape.SnapshotAssembler;
import io.prometheus.metrics.model.snapshots.Labels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes every node of one cluster in parallel over SSH, each with the same collectors as local
 * mode, and answers by the deadline with the nodes that finished: one hung node costs its own
 * series, not the scrape.
 */
final class ClusterScraper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterScraper.class);

  private record Node(NodeTarget target, NodeScraper scraper, boolean qnetd) {}

  private final ClusterTarget cluster;
  private final List<Node> nodes = new ArrayList<>();
  private final ExecutorService executor;
  private final SharedScrape<ClusterScrape> shared;
  private final AtomicReference<String> reportedMismatch = new AtomicReference<>();

  ClusterScraper(
      ClusterTarget cluster,
      Function<NodeTarget, CommandRunner> runners,
      CollectorSelection nodeCollectors,
      CollectorSelection qnetdCollectors,
      ToolPaths tools,
      boolean watchConfig,
      ExecutorService executor) {
    this.cluster = cluster;
    this.executor = executor;
    for (NodeTarget t : cluster.nodes()) {
      nodes.add(node(t, runners, nodeCollectors, tools, watchConfig, false));
    }
    for (NodeTarget t : cluster.qnetd()) {
      nodes.add(node(t, runners, qnetdCollectors, tools, false, true));
    }
    this.shared = new SharedScrape<>(this::collect);
  }

  private Node node(
      NodeTarget t,
      Function<NodeTarget, CommandRunner> runners,
      CollectorSelection collectors,
      ToolPaths tools,
      boolean watchConfig,
      boolean qnetd) {
    // Each node's own command_timeout: its settings may override the cluster's.
    Duration timeout = t.ssh().commandTimeout();
    CommandRunner runner = runners.apply(t);
    Identity fallback = new Identity(qnetd ? "" : cluster.displayName(), t.host());
    // The watcher runs on the node over the same session, as it would beside a local exporter.
    NodeScraper scraper =
        new NodeScraper(
            new NodeScraper.Setup(
                runner,
                tools,
                timeout,
                watchConfig
                    ? ConfigSource.watched(tools, timeout)
                    : ConfigSource.queried(tools, timeout),
                collectors.enabled(),
                collectors.disabled(),
                fallback,
                Optional.empty()),
            executor);
    return new Node(t, scraper, qnetd);
  }

  /** Stops the configuration watchers; the SSH sessions belong to the runner pool. */
  @Override
  public void close() {
    nodes.forEach(n -> n.scraper().close());
  }

  String name() {
    return cluster.displayName();
  }

  ClusterScrape scrape(Deadline deadline) {
    return shared.get(deadline);
  }

  private ClusterScrape collect(Deadline deadline) {
    long start = System.nanoTime();
    List<CompletableFuture<NodeScrape>> running = new ArrayList<>();
    for (Node n : nodes) {
      running.add(CompletableFuture.supplyAsync(() -> n.scraper().scrape(deadline), executor));
    }
    List<NodeScrape> scrapes = new ArrayList<>();
    List<NodeScrape> reachableNodes = new ArrayList<>();
    List<SnapshotAssembler.Extra> extras = new ArrayList<>();
    String corosyncName = null;
    for (int i = 0; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      NodeScrape s;
      try {
        s = deadline.await(running.get(i));
      } catch (AwaitException e) {
        // Still running: its commands end by the same deadline; this scrape goes on without it.
        LOG.warn("{} did not finish by the scrape deadline", n.scraper().target());
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        s =
            new NodeScrape(
                n.scraper()
                    .lastIdentity()
                    .orElse(
                        new Identity(n.qnetd() ? "" : cluster.displayName(), n.target().host())),
                List.of(),
                n.scraper().collectorNames().stream()
                    .map(c -> new CollectorOutcome(c, false, waited, "scrape deadline"))
                    .toList(),
                Optional.empty());
      }
      boolean up = n.scraper().ranSince(start);
      scrapes.add(s);
      extras.add(
          new SnapshotAssembler.Extra(
              Metrics.TARGET_UP, SnapshotAssembler.identityLabels(s.identity()), up ? 1 : 0));
      if (!n.qnetd()) {
        if (up) {
          reachableNodes.add(s);
        }
        if (corosyncName == null && up && !s.identity().clusterName().isEmpty()) {
          corosyncName = s.identity().clusterName();
        }
      }
    }
    String clusterLabel = corosyncName != null ? corosyncName : cluster.displayName();
    checkName(corosyncName);
    Labels cl = Labels.of("cluster_name", clusterLabel);
    extras.add(
        new SnapshotAssembler.Extra(Metrics.CLUSTER_REACHABLE_NODES, cl, reachableNodes.size()));
    extras.add(
        new SnapshotAssembler.Extra(
            Metrics.CLUSTER_QUORATE_NODES,
            cl,
            reachableNodes.stream().filter(ClusterViews::quorate).count()));
    extras.add(
        new SnapshotAssembler.Extra(
            Metrics.CLUSTER_PARTITIONS, cl, ClusterViews.partitions(reachableNodes)));
    return new ClusterScrape(scrapes, extras);
  }

  /**
   * The configured name is for humans and /probe; labels use corosync's, and a difference is worth
   * a warning.
   */
  private void checkName(String corosyncName) {
    if (corosyncName == null
        || !cluster.hasConfiguredName()
        || corosyncName.equals(cluster.name())) {
      return;
    }
    if (!corosyncName.equals(reportedMismatch.getAndSet(corosyncName))) {
      LOG.warn(
          "cluster '{}' in the configuration calls itself '{}' (totem.cluster_name); series use '{}'",
          cluster.name(),
          corosyncName,
          corosyncName);
    }
  }
}
