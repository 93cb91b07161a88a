package dev.corosyncexporter.central;

import static dev.corosyncexporter.ssh.TestSshServer.USER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corosyncexporter.collector.CollectorSelection;
import dev.corosyncexporter.collector.TestCollectors;
import dev.corosyncexporter.collector.ToolPaths;
import dev.corosyncexporter.concurrent.Deadline;
import dev.corosyncexporter.config.ClusterTarget;
import dev.corosyncexporter.config.NodeTarget;
import dev.corosyncexporter.config.SshSettings;
import dev.corosyncexporter.config.TestKeys;
import dev.corosyncexporter.scrape.CollectorOutcome;
import dev.corosyncexporter.scrape.NodeScrape;
import dev.corosyncexporter.ssh.SshRunnerOptions;
import dev.corosyncexporter.ssh.SshRunnerPool;
import dev.corosyncexporter.ssh.TestSshServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterScraperTest {
  @TempDir Path dir;

  @Test
  void eachNodeGetsItsOwnCommandTimeout() throws Exception {
    Path key = dir.resolve("id_ed25519");
    String publicKey = TestKeys.writeEd25519(key);
    ExecutorService executor = Executors.newCachedThreadPool();
    try (TestSshServer server = new TestSshServer(publicKey, null)) {
      // Two names for the one server, so that the cluster has two nodes with different settings.
      Path knownHosts = dir.resolve("known_hosts");
      String line = server.knownHostsLine();
      Files.writeString(
          knownHosts, line + "\n" + line.replace("[127.0.0.1]", "[localhost]") + "\n");
      // Every command answers with recorded output, after a while.
      server.handler =
          (cmd, io, ch) -> {
            Thread.sleep(600);
            io.print(
                fixture(
                    cmd.contains("quorumtool")
                        ? "quorumtool-p-2n-qd-healthy.out"
                        : "cmapctl-config-2n-qd.out"));
            return 0;
          };
      SshSettings ssh = SshSettings.withKey(USER, key, knownHosts);
      NodeTarget impatient =
          new NodeTarget(
              "127.0.0.1",
              server.port(),
              ssh.withTimeouts(Duration.ofSeconds(3), Duration.ofMillis(200)));
      NodeTarget patient =
          new NodeTarget(
              "localhost",
              server.port(),
              ssh.withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(5)));
      SshRunnerPool pool = new SshRunnerPool(SshRunnerOptions.defaults());
      try (ClusterScraper scraper =
          new ClusterScraper(
              new ClusterTarget("lab", List.of(impatient, patient), List.of()),
              pool::runnerFor,
              new CollectorSelection(List.of(TestCollectors.named("quorum")), List.of()),
              new CollectorSelection(List.of(), List.of()),
              ToolPaths.DEFAULTS,
              false,
              executor)) {

        ClusterScrape scrape = scraper.scrape(Deadline.in(Duration.ofSeconds(8)));

        // In the order of the configuration.
        CollectorOutcome first = quorum(scrape.nodes().get(0));
        CollectorOutcome second = quorum(scrape.nodes().get(1));
        assertThat(first.success()).isFalse();
        assertThat(first.error()).contains("timed out");
        // Not the first node's 200 ms: its own 5 s.
        assertThat(second.success()).as(second.error()).isTrue();
      } finally {
        pool.close();
      }
    } finally {
      executor.shutdownNow();
    }
  }

  private static CollectorOutcome quorum(NodeScrape s) {
    return s.outcomes().stream()
        .filter(o -> o.collector().equals("quorum"))
        .findFirst()
        .orElseThrow();
  }

  private static String fixture(String name) throws IOException {
    try (InputStream in = ClusterScraperTest.class.getResourceAsStream("/fixtures/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
