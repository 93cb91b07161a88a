package dev.corosyncexporter.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corosyncexporter.collector.CollectorRegistry;
import dev.corosyncexporter.collector.CollectorSelection;
import dev.corosyncexporter.collector.HostFacts;
import dev.corosyncexporter.corosync.CorosyncClient;
import dev.corosyncexporter.corosync.CorosyncException;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Local mode's default is the connection path wherever corosync's client libraries load; where they
 * do not, what was only a default falls back to the tools with one log line, and what a flag chose
 * fails start-up naming the flag. The libraries here are this machine's real ones (the build
 * installs corosync); a stand-in that fails to load them plays a host without them, which the lab
 * test plays for real by hiding them from the exporter.
 */
class LocalModeChoiceTest {
  private static final HostFacts NODE = path -> path.equals("/etc/corosync/corosync.conf");
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final LocalMode.Libraries MISSING =
      stuckAfter -> {
        throw new CorosyncException(
            "libvotequorum.so.8: cannot open shared object file: No such file or directory");
      };

  @Test
  void withoutFlagsQuorumAndLinksUseTheConnections() throws Exception {
    LocalMode.Chosen chosen = choose(CorosyncClient::load);
    try {
      assertThat(chosen.corosync()).isPresent();
      assertThat(chosen.fallback()).isEmpty();
      assertThat(sources(chosen.choice().selection()))
          .containsEntry("quorum", "native")
          .containsEntry("links", "native");
    } finally {
      chosen.corosync().ifPresent(CorosyncClient::close);
    }
  }

  @Test
  void whereTheLibrariesDoNotLoadTheDefaultsFallBackToTheToolsWithOneLogLine() throws Exception {
    LocalMode.Chosen chosen = choose(MISSING);
    assertThat(chosen.corosync()).isEmpty();
    assertThat(sources(chosen.choice().selection()))
        .containsEntry("quorum", "quorumtool")
        .containsEntry("links", "stats");
    assertThat(chosen.fallback())
        .get()
        .asString()
        .contains("libvotequorum.so.8: cannot open shared object file")
        .contains("collectors links, quorum run their tools")
        .contains("quorum quorumtool")
        .contains("links stats");
  }

  /** A choice made with a flag is kept: the other collector still falls back. */
  /** JNA's reason spans lines (every path it tried): the log line keeps one, and is bounded. */
  @Test
  void theReasonIsOneBoundedLine() {
    assertThat(
            LocalMode.oneLine("Unable to load library 'libvotequorum.so.8':\n  a: no\n  b: no\n"))
        .isEqualTo("Unable to load library 'libvotequorum.so.8':; a: no; b: no");
    assertThat(LocalMode.oneLine("x".repeat(1000))).hasSize(301);
  }

  @Test
  void aToolChosenByFlagStaysAndTheOtherFallsBack() throws Exception {
    LocalMode.Chosen chosen = choose(MISSING, "--collector.quorum.source=pvecm");
    assertThat(sources(chosen.choice().selection()))
        .containsEntry("quorum", "pvecm")
        .containsEntry("links", "stats");
  }

  @Test
  void theConnectionPathChosenByFlagFailsStartUpNamingIt() {
    assertThatThrownBy(() -> choose(MISSING, "--collector.links.source=native"))
        .isInstanceOf(StartupException.class)
        .hasMessageStartingWith("--collector.links.source=native: libvotequorum.so.8")
        .hasMessageEndingWith("(or choose a tool source)");
  }

  /** No collector that uses them: the libraries are not even loaded. */
  @Test
  void withoutConnectionUsersNothingIsLoaded() throws Exception {
    LocalMode.Chosen chosen =
        choose(
            stuckAfter -> {
              throw new AssertionError("loaded");
            },
            "--no-collector.quorum",
            "--no-collector.links");
    assertThat(chosen.corosync()).isEmpty();
    assertThat(chosen.choice().selection().enabledNames()).contains("config");
  }

  private static LocalMode.Chosen choose(LocalMode.Libraries libraries, String... args)
      throws StartupException {
    ExporterCommand c = new ExporterCommand();
    ExporterCommand.commandLine(c).parseArgs(args);
    return LocalMode.choose(
        CollectorRegistry.get(), c.collectorFlags, c.disableDefaults, NODE, TIMEOUT, libraries);
  }

  private static Map<String, String> sources(CollectorSelection selection) {
    return selection.enabled().stream()
        .filter(e -> e.collector().source().isPresent())
        .collect(Collectors.toMap(e -> e.spec().name(), e -> e.collector().source().get()));
  }
}
