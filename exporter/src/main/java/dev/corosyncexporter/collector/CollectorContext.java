package dev.corosyncexporter.collector;

import dev.corosyncexporter.command.CommandResult;
import dev.corosyncexporter.command.CommandRunner;
import dev.corosyncexporter.parse.CorosyncConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What a collector may use during one scrape of one node. */
public final class CollectorContext {
  private final CommandRunner runner;
  private final ToolPaths tools;
  private final Duration timeout;
  private final CompletableFuture<CorosyncConfig> config;
  private final Optional<CorosyncConfig> previousConfig;

  public CollectorContext(
      CommandRunner runner,
      ToolPaths tools,
      Duration timeout,
      CompletableFuture<CorosyncConfig> config,
      Optional<CorosyncConfig> previousConfig) {
    this.runner = runner;
    this.tools = tools;
    this.timeout = timeout;
    this.config = config;
    this.previousConfig = previousConfig;
  }

  /**
   * The configuration the previous scrape read: a guess to start queries with while this scrape's is
   * read. A collector must check the guess against {@link #config()} before trusting what it got.
   */
  public Optional<CorosyncConfig> previousConfig() {
    return previousConfig;
  }

  public ToolPaths tools() {
    return tools;
  }

  public CommandResult run(String... argv) {
    return runner.run(List.of(argv), timeout);
  }

  public CommandResult run(List<String> argv) {
    return runner.run(argv, timeout);
  }

  /** The running configuration, read once per scrape and shared by all collectors. */
  public CorosyncConfig config() throws CollectionException {
    try {
      return config.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new CollectionException("configuration unavailable: " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new CollectionException("configuration unavailable: timed out");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CollectionException("interrupted");
    }
  }

  /** The configuration if it could be read; collectors that can do without it use this. */
  public Optional<CorosyncConfig> configIfKnown() {
    try {
      return Optional.of(config());
    } catch (CollectionException e) {
      return Optional.empty();
    }
  }
}
