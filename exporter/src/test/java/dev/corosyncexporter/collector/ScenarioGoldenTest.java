package dev.corosyncexporter.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corosyncexporter.command.CommandRunner;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        Arguments.of("two-nodes-qdevice-healthy", node()
            .with("quorum", "quorumtool-p-2n-qd-healthy")
            .with("config", "cmapctl-config-2n-qd")
            .with("stats-keys", "cmapctl-stats-keys-2n-healthy")
            .with("qdevice", "qdevice-tool-sv-connected"), "quorum,links,config,qdevice"),
        Arguments.of("link1-cut", node()
            .with("quorum", "quorumtool-p-link1-cut")
            .with("config", "cmapctl-config-2n-qd")
            .with("stats-prefix", "cmapctl-stats-knet-link1-cut")
            .with("qdevice", "qdevice-tool-sv-connected"), "quorum,links,config,qdevice"),
        Arguments.of("peer-isolated-survivor", node()
            .with("quorum", "quorumtool-p-isolated-survivor")
            .with("config", "cmapctl-config-2n-qd")
            .with("stats-prefix", "cmapctl-stats-knet-isolated-survivor")
            .with("qdevice", "qdevice-tool-sv-connected"), "quorum,links,config,qdevice"),
        Arguments.of("qnetd-down", node()
            .with("quorum", "quorumtool-p-qnetd-down")
            .with("config", "cmapctl-config-2n-qd")
            .with("stats-keys", "cmapctl-stats-keys-2n-healthy")
            .with("qdevice", "qdevice-tool-sv-connect-failed"), "quorum,links,config,qdevice"),
        Arguments.of("qdevice-daemon-stopped", node()
            .with("quorum", "quorumtool-p-qdevice-stopped")
            .with("config", "cmapctl-config-2n-qd")
            .with("stats-keys", "cmapctl-stats-keys-2n-healthy")
            .with("qdevice", "qdevice-tool-sv-not-running"), "quorum,links,config,qdevice"),
        Arguments.of("two-nodes-peer-down", node()
            .with("quorum", "quorumtool-p-2n-peer-down")
            .with("config", "cmapctl-config-2n")
            .with("stats-prefix", "cmapctl-stats-knet-2n-peer-down"), "quorum,links,config,qdevice"),
        Arguments.of("corosync-down", node()
            .with("quorum", "quorumtool-p-corosync-down")
            .with("config", "cmapctl-corosync-down")
            .with("stats-prefix", "cmapctl-stats-corosync-down"), "quorum,links,config,qdevice"),
        Arguments.of("links-from-cfgtool", node()
            .with("quorum", "quorumtool-p-link1-cut")
            .with("config", "cmapctl-config-2n-qd")
            .with("cfgtool-s", "cfgtool-s-link1-cut"), "links-cfgtool"),
        Arguments.of("qnetd-host", node()
            .with("qnetd-s", "qnetd-tool-sv-2n-healthy")
            .with("qnetd-l", "qnetd-tool-lv-2n-healthy"), "qnetd"),
        Arguments.of("qnetd-host-daemon-down", node()
            .with("qnetd-s", "qnetd-tool-s-not-running"), "qnetd"));
  }

  private static ReplayCommandRunner node() {
    return new ReplayCommandRunner();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void exposition(String scenario, ReplayCommandRunner runner, String collectors) throws IOException {
    String actual = expose(scrape(runner, collectors));
    Path golden = GOLDEN.resolve(scenario + ".prom");
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(golden, actual);
    }
    assertThat(golden).as("golden file (create with -Dgolden.update=true, then review)").exists();
    assertThat(actual).isEqualTo(Files.readString(golden));
  }

  static MetricSnapshots scrape(CommandRunner runner, String collectorNames) {
    List<Collector> collectors =
        List.of(collectorNames.split(",")).stream()
            .map(
                n ->
                    switch (n) {
                      case "quorum" -> (Collector) new QuorumCollector(QuorumCollector.Source.QUORUMTOOL);
                      case "links" -> new LinksCollector(LinksCollector.Source.STATS);
                      case "links-cfgtool" -> new LinksCollector(LinksCollector.Source.CFGTOOL);
                      case "config" -> new ConfigCollector();
                      case "qdevice" -> new QdeviceCollector();
                      case "qnetd" -> new QnetdCollector();
                      default -> throw new IllegalArgumentException(n);
                    })
            .toList();
    NodeScraper scraper =
        new NodeScraper(
            runner,
            ToolPaths.DEBIAN,
            Duration.ofSeconds(2),
            new CmapConfigSource(runner, ToolPaths.DEBIAN, Duration.ofSeconds(2)),
            collectors,
            POOL,
            new Identity("", "fallback-host"));
    return SnapshotAssembler.assemble(List.of(scraper.scrape()), List.of());
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
