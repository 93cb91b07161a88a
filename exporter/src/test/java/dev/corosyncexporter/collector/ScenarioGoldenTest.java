package dev.corosyncexporter.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corosyncexporter.command.CommandRunner;
import dev.corosyncexporter.concurrent.Deadline;
import dev.corosyncexporter.scrape.Metrics;
import dev.corosyncexporter.scrape.NodeScrape;
import dev.corosyncexporter.scrape.NodeScraper;
import dev.corosyncexporter.scrape.SnapshotAssembler;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole pipeline (collectors, parsers, snapshot assembly, text writer) on outputs recorded from
 * the real tools, compared with reviewed exposition files in src/test/resources/golden. A missing
 * golden file fails; regenerate with -Dgolden.update=true and review the diff.
 */
class ScenarioGoldenTest {
  private static final ExecutorService POOL = Executors.newFixedThreadPool(4);
  private static final Path GOLDEN = Path.of("src/test/resources/golden");

  @AfterAll
  static void stop() {
    POOL.shutdownNow();
  }

  static List<Arguments> scenarios() {
    return List.of(
        Arguments.of(
            "two-nodes-qdevice-healthy",
            node()
                .with("corosync-quorumtool", "quorumtool-p-2n-qd-healthy")
                .with("corosync-cmapctl totem.cluster_name", "cmapctl-config-2n-qd")
                .with("corosync-cmapctl -m stats -g", "cmapctl-stats-keys-2n-healthy")
                .with("corosync-qdevice-tool", "qdevice-tool-sv-connected"),
            "quorum,links,config,qdevice"),
        Arguments.of(
            "link1-cut",
            node()
                .with("corosync-quorumtool", "quorumtool-p-link1-cut")
                .with("corosync-cmapctl totem.cluster_name", "cmapctl-config-2n-qd")
                .with("corosync-cmapctl -m stats stats.knet.node", "cmapctl-stats-knet-link1-cut")
                .with("corosync-qdevice-tool", "qdevice-tool-sv-connected"),
            "quorum,links,config,qdevice"),
        Arguments.of(
            "peer-isolated-survivor",
            node()
                .with("corosync-quorumtool", "quorumtool-p-isolated-survivor")
                .with("corosync-cmapctl totem.cluster_name", "cmapctl-config-2n-qd")
                .with(
                    "corosync-cmapctl -m stats stats.knet.node",
                    "cmapctl-stats-knet-isolated-survivor")
                .with("corosync-qdevice-tool", "qdevice-tool-sv-connected"),
            "quorum,links,config,qdevice"),
        Arguments.of(
            "qnetd-down",
            node()
                .with("corosync-quorumtool", "quorumtool-p-qnetd-down")
                .with("corosync-cmapctl totem.cluster_name", "cmapctl-config-2n-qd")
                .with("corosync-cmapctl -m stats -g", "cmapctl-stats-keys-2n-healthy")
                .with("corosync-qdevice-tool", "qdevice-tool-sv-connect-failed"),
            "quorum,links,config,qdevice"),
        Arguments.of(
            "qdevice-daemon-stopped",
            node()
                .with("corosync-quorumtool", "quorumtool-p-qdevice-stopped")
                .with("corosync-cmapctl totem.cluster_name", "cmapctl-config-2n-qd")
                .with("corosync-cmapctl -m stats -g", "cmapctl-stats-keys-2n-healthy")
                .with("corosync-qdevice-tool", "qdevice-tool-sv-not-running"),
            "quorum,links,config,qdevice"),
        Arguments.of(
            "two-nodes-peer-down",
            node()
                .with("corosync-quorumtool", "quorumtool-p-2n-peer-down")
                .with("corosync-cmapctl totem.cluster_name", "cmapctl-config-2n")
                .with(
                    "corosync-cmapctl -m stats stats.knet.node", "cmapctl-stats-knet-2n-peer-down"),
            "quorum,links,config,qdevice"),
        Arguments.of(
            "corosync-down",
            node()
                .with("corosync-quorumtool", "quorumtool-p-corosync-down")
                .with("corosync-cmapctl totem.cluster_name", "cmapctl-corosync-down")
                .with("corosync-cmapctl -m stats stats.knet.node", "cmapctl-stats-corosync-down"),
            "quorum,links,config,qdevice"),
        Arguments.of(
            "links-from-cfgtool",
            node()
                .with("corosync-quorumtool", "quorumtool-p-link1-cut")
                .with("corosync-cmapctl totem.cluster_name", "cmapctl-config-2n-qd")
                .with("corosync-cfgtool -s", "cfgtool-s-link1-cut"),
            "links:source=cfgtool"),
        Arguments.of(
            "qnetd-host",
            node()
                .with("corosync-qnetd-tool -s", "qnetd-tool-sv-2n-healthy")
                .with("corosync-qnetd-tool -l", "qnetd-tool-lv-2n-healthy"),
            "qnetd"),
        Arguments.of(
            "qnetd-host-daemon-down",
            node().with("corosync-qnetd-tool -s", "qnetd-tool-s-not-running"),
            "qnetd"));
  }

  private static ReplayCommandRunner node() {
    return new ReplayCommandRunner();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void exposition(String scenario, ReplayCommandRunner runner, String collectors)
      throws IOException {
    String actual = expose(scrape(runner, collectors));
    Path golden = GOLDEN.resolve(scenario + ".prom");
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(golden, actual);
    }
    assertThat(golden).as("golden file (create with -Dgolden.update=true, then review)").exists();
    assertThat(actual).isEqualTo(Files.readString(golden));
  }

  /**
   * {@code collectorNames}: registered collectors, comma-separated, each optionally with
   * :OPTION=VALUE.
   */
  static MetricSnapshots scrape(CommandRunner runner, String collectorNames) {
    List<CollectorSelection.Enabled> collectors =
        TestCollectors.named(List.of(collectorNames.split(",")));
    NodeScraper scraper = TestCollectors.scraper(runner, false, collectors, POOL);
    NodeScrape node = scraper.scrape(Deadline.in(Duration.ofSeconds(10)));
    // The exporter's own bookkeeping (which collectors, how many runs) is not the scenario's.
    List<Sample> scenario =
        node.samples().stream().filter(x -> !Metrics.OWN.contains(x.metric())).toList();
    return SnapshotAssembler.assemble(
        List.of(new NodeScrape(node.identity(), scenario, node.outcomes(), Optional.empty())),
        List.of());
  }

  /** Prometheus text without the duration series, which differ on every run. */
  static String expose(MetricSnapshots snapshots) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, snapshots);
    return out.toString(StandardCharsets.UTF_8)
        .lines()
        .filter(l -> !l.contains("corosync_exporter_collector_duration_seconds"))
        .collect(Collectors.joining("\n", "", "\n"));
  }
}
