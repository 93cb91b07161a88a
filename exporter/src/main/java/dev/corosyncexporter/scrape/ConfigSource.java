package dev.corosyncexporter.scrape;

import dev.corosyncexporter.collector.CollectionException;
import dev.corosyncexporter.collector.ToolPaths;
import dev.corosyncexporter.command.CommandRunner;
import dev.corosyncexporter.concurrent.Deadline;
import dev.corosyncexporter.corosync.CorosyncClient;
import dev.corosyncexporter.parse.CorosyncConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a scrape gets the running configuration from. The mode chooses: local mode with kept-open
 * corosync connections reads over them ({@link #overConnection}); otherwise corosync-cmapctl on the
 * node's runner, every scrape ({@link #queried}) or behind a change watcher ({@link #watched}).
 * Each factory takes the runner the node scraper counts runs on.
 */
public interface ConfigSource extends AutoCloseable {

  /** corosync-cmapctl every scrape. */
  static Function<CommandRunner, ConfigSource> queried(ToolPaths tools, Duration toolTimeout) {
    return runner -> new CmapConfigSource(runner, tools, toolTimeout);
  }

  /**
   * corosync-cmapctl when a corosync-cmapctl -T watcher, on the same runner (locally or over the
   * node's SSH session), saw a change.
   */
  static Function<CommandRunner, ConfigSource> watched(ToolPaths tools, Duration toolTimeout) {
    return runner ->
        new WatchedConfigSource(new CmapConfigSource(runner, tools, toolTimeout), runner, tools);
  }

  /**
   * Local mode's kept-open cmap connection: no tool runs, no watcher; corosync-cmapctl only for a
   * scrape in which corosync leaves that connection unanswered.
   */
  static Function<CommandRunner, ConfigSource> overConnection(
      CorosyncClient client, ToolPaths tools, Duration callTimeout) {
    return runner ->
        new NativeConfigSource(
            client, callTimeout, new CmapConfigSource(runner, tools, callTimeout));
  }

  /**
   * How it reads, for {@code corosync_exporter_collector_source}: {@code native} over the
   * connection, {@code cmapctl} with the tool.
   */
  String name();

  /** The configuration, read by {@code deadline} at the latest. */
  CorosyncConfig load(Deadline deadline) throws CollectionException;

  /**
   * Whether changes are being watched (and the configuration cached meanwhile); empty if this
   * source never watches.
   */
  default Optional<Boolean> watching() {
    return Optional.empty();
  }

  @Override
  default void close() {}
}
