package dev.corosyncexporter.app;

import dev.corosyncexporter.collector.CollectorSelection;
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
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/** Local mode: this node's collectors, running its tools on this machine. */
final class LocalMode {
  private LocalMode() {}

  /**
   * @param toolTimeout the longest one tool run may take
   * @param watchConfig keep the configuration behind a corosync-cmapctl -T watcher
   * @param nodeName node_name while corosync has never answered
   */
  record Settings(
      CollectorSelection collectors,
      ToolPaths tools,
      Duration toolTimeout,
      boolean watchConfig,
      String nodeName) {}

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
    Optional<CorosyncClient> corosync = Optional.empty();
    if (s.collectors().enabled().stream().anyMatch(e -> e.collector().usesCorosyncConnection())) {
      try {
        // A call is waited for at most the tool timeout; one running longer is taken as stuck.
        corosync = Optional.of(CorosyncClient.load(s.toolTimeout()));
      } catch (CorosyncException e) {
        throw new StartupException(
            "--collector."
                + nativeCollector(s)
                + ".source=native: "
                + e.getMessage()
                + " (or choose a tool source)",
            e);
      }
    }
    // Over the connections when they are open anyway: no tool runs and nothing to watch.
    Function<CommandRunner, ConfigSource> configSource =
        corosync
            .map(c -> ConfigSource.overConnection(c, s.toolTimeout()))
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

  private static String nativeCollector(Settings s) {
    return s.collectors().enabled().stream()
        .filter(e -> e.collector().usesCorosyncConnection())
        .map(e -> e.spec().name())
        .findFirst()
        .orElse("?");
  }
}
