package dev.corosyncexporter.app;

import dev.corosyncexporter.collector.CollectorRegistry;
import dev.corosyncexporter.collector.CollectorSelection;
import dev.corosyncexporter.collector.HostFacts;
import dev.corosyncexporter.collector.ToolPaths;
import dev.corosyncexporter.command.CommandRunner;
import dev.corosyncexporter.command.LocalCommandRunner;
import dev.corosyncexporter.corosync.CorosyncClient;
import dev.corosyncexporter.corosync.CorosyncException;
import dev.corosyncexporter.scrape.BuildInfo;
import dev.corosyncexporter.scrape.ConfigSource;
import dev.corosyncexporter.scrape.Identity;
import dev.corosyncexporter.scrape.LocalExporter;
import dev.corosyncexporter.scrape.NodeScraper;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * Local mode: this node's collectors, asking its corosync over connections kept open and its
 * daemons over their sockets, or running its tools where those are not at hand.
 */
final class LocalMode {
  private LocalMode() {}

  /**
   * @param toolTimeout the longest one tool run may take
   * @param watchConfig keep the configuration behind a corosync-cmapctl -T watcher
   * @param nodeName node_name while corosync has never answered
   */
  record Settings(
      CollectorSelection collectors,
      Optional<CorosyncClient> corosync,
      ToolPaths tools,
      Duration toolTimeout,
      boolean watchConfig,
      String nodeName) {}

  /** Loads corosync's client libraries (no connection yet); see {@link CorosyncClient#load}. */
  @FunctionalInterface
  interface Libraries {
    CorosyncClient load(Duration stuckAfter) throws CorosyncException;
  }

  /**
   * The collectors chosen, and the libraries when any of them asks over the connections.
   *
   * @param fallback the line logged when the libraries did not load and defaults fell back
   */
  record Chosen(
      CollectorChoice.Made choice, Optional<CorosyncClient> corosync, Optional<String> fallback) {}

  /**
   * The collectors of this host with local mode's defaults: the connection path wherever corosync's
   * client libraries load. Where they do not, the collectors that use them only by default fall
   * back to their tools with one log line (and {@code corosync_exporter_collector_source} says so);
   * a connection path chosen with a flag makes start-up fail instead.
   */
  static Chosen choose(
      CollectorRegistry registry,
      CollectorFlags flags,
      boolean disableDefaults,
      HostFacts host,
      Duration toolTimeout,
      Libraries libraries)
      throws StartupException {
    CollectorChoice.Made choice = CollectorChoice.local(registry, flags, disableDefaults, host);
    if (connectionUsers(choice).isEmpty()) {
      return new Chosen(choice, Optional.empty(), Optional.empty());
    }
    try {
      // A call is waited for at most the tool timeout; one running longer is taken as stuck.
      return new Chosen(choice, Optional.of(libraries.load(toolTimeout)), Optional.empty());
    } catch (CorosyncException e) {
      CollectorChoice.Made tools =
          CollectorChoice.localWithoutLibraries(registry, flags, disableDefaults, host);
      List<String> chosen = connectionUsers(tools);
      if (!chosen.isEmpty()) {
        throw new StartupException(
            "--collector."
                + chosen.get(0)
                + ".source=native: "
                + e.getMessage()
                + " (or choose a tool source)",
            e);
      }
      String line =
          "corosync's client libraries do not load here ("
              + oneLine(e.getMessage())
              + "): collectors "
              + String.join(", ", connectionUsers(choice))
              + " run their tools instead ("
              + sources(tools.selection())
              + ")";
      LoggerFactory.getLogger(LocalMode.class).warn(line);
      return new Chosen(tools, Optional.empty(), Optional.of(line));
    }
  }

  /**
   * JNA's reason lists every path it tried, one per line: one log line needs them on one, and not
   * all of them.
   */
  static String oneLine(String reason) {
    String joined = String.join("; ", reason.strip().split("\\s*\\R\\s*"));
    return joined.length() <= 300 ? joined : joined.substring(0, 300) + "…";
  }

  private static List<String> connectionUsers(CollectorChoice.Made choice) {
    return choice.selection().enabled().stream()
        .filter(e -> e.collector().usesCorosyncConnection())
        .map(e -> e.spec().name())
        .toList();
  }

  private static String sources(CollectorSelection selection) {
    return selection.enabled().stream()
        .filter(e -> e.collector().source().isPresent())
        .map(e -> e.spec().name() + " " + e.collector().source().get())
        .collect(Collectors.joining(", "));
  }

  /**
   * The exporter to register; closing stops the watcher, then kills whatever a tool left behind.
   */
  record Started(
      LocalExporter exporter,
      NodeScraper scraper,
      LocalCommandRunner runner,
      Optional<CorosyncClient> corosync)
      implements AutoCloseable {
    @Override
    public void close() {
      scraper.close();
      runner.close();
      corosync.ifPresent(CorosyncClient::close);
    }
  }

  static Started start(Settings s, ExecutorService executor, BuildInfo buildInfo)
      throws StartupException {
    Optional<CorosyncClient> corosync = s.corosync();
    // Over the connections when they are open anyway: no tool runs and nothing to watch.
    Function<CommandRunner, ConfigSource> configSource =
        corosync
            .map(c -> ConfigSource.overConnection(c, s.tools(), s.toolTimeout()))
            .orElseGet(
                () ->
                    s.watchConfig()
                        ? ConfigSource.watched(s.tools(), s.toolTimeout())
                        : ConfigSource.queried(s.tools(), s.toolTimeout()));
    LocalCommandRunner runner = new LocalCommandRunner();
    NodeScraper scraper =
        new NodeScraper(
            new NodeScraper.Setup(
                runner,
                s.tools(),
                s.toolTimeout(),
                configSource,
                s.collectors().enabled(),
                s.collectors().disabled(),
                new Identity("", s.nodeName()),
                corosync),
            executor);
    return new Started(new LocalExporter(scraper, buildInfo), scraper, runner, corosync);
  }
}
