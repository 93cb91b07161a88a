package dev.corosyncexporter.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corosyncexporter.command.CommandRunner;
import dev.corosyncexporter.scrape.Metrics;
import dev.corosyncexporter.scrape.NodeScrape;
import dev.corosyncexporter.scrape.SnapshotAssembler;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The reviewed expositions in src/test/resources/golden, and what a scenario is compared with them:
 * one scrape through the whole pipeline (collectors, parsers, snapshot assembly, text writer). A
 * missing golden file fails; regenerate with -Dgolden.update=true and review the diff.
 */
final class Golden {
  private static final Path DIR = Path.of("src/test/resources/golden");

  private Golden() {}

  /** Fails unless src/test/resources/golden/SCENARIO.prom exists and holds exactly this text. */
  static void assertMatches(String scenario, String exposition) throws IOException {
    Path golden = DIR.resolve(scenario + ".prom");
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(golden, exposition);
    }
    assertThat(golden).as("golden file (create with -Dgolden.update=true, then review)").exists();
    assertThat(exposition).isEqualTo(Files.readString(golden));
  }

  /**
   * One scrape of these collectors, as Prometheus text, without the exporter's own bookkeeping
   * (which collectors, how many runs) and without the duration series, which differ on every run:
   * what is left is the scenario's.
   */
  static String exposition(CommandRunner runner, List<CollectorSelection.Enabled> collectors)
      throws IOException {
    NodeScrape node = TestCollectors.scrapeOnce(runner, collectors);
    List<Sample> scenario =
        node.samples().stream().filter(x -> !Metrics.OWN.contains(x.metric())).toList();
    return text(
        SnapshotAssembler.assemble(
            List.of(new NodeScrape(node.identity(), scenario, node.outcomes(), Optional.empty())),
            List.of()));
  }

  /** Prometheus text without the duration series, which differ on every run. */
  static String text(MetricSnapshots snapshots) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, snapshots);
    return out.toString(StandardCharsets.UTF_8)
        .lines()
        .filter(l -> !l.contains("corosync_exporter_collector_duration_seconds"))
        .collect(Collectors.joining("\n", "", "\n"));
  }
}
