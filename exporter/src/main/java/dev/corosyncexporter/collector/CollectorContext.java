package dev.corosyncexporter.collector;

import dev.corosyncexporter.command.CommandResult;
import dev.corosyncexporter.command.CommandRunner;
import dev.corosyncexporter.concurrent.AwaitException;
import dev.corosyncexporter.concurrent.Deadline;
import dev.corosyncexporter.corosync.CorosyncClient;
import dev.corosyncexporter.parse.CorosyncConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What a collector may use during one scrape of one node. Every tool run and every wait here is
 * bounded by the scrape's {@link Deadline}; a single run also by the tool timeout.
 */
public final class CollectorContext {
  private final CommandRunner runner;
  private final ToolPaths tools;
  private final Duration toolTimeout;
  private final Deadline deadline;
  private final CompletableFuture<CorosyncConfig> config;
  private final Optional<CorosyncConfig> previousConfig;
  private final Optional<CorosyncClient> corosync;

  /**
   * @param corosync local mode's kept-open connections, when a collector was set to use them
   */
  public CollectorContext(
      CommandRunner runner,
      ToolPaths tools,
      Duration toolTimeout,
      Deadline deadline,
      CompletableFuture<CorosyncConfig> config,
      Optional<CorosyncConfig> previousConfig,
      Optional<CorosyncClient> corosync) {
    this.corosync = corosync;
    this.runner = runner;
    this.tools = tools;
    this.toolTimeout = toolTimeout;
    this.deadline = deadline;
    this.config = config;
    this.previousConfig = previousConfig;
  }

  /**
   * The configuration the previous scrape read: a guess to start queries with while this scrape's
   * is read. A collector must check the guess against {@link #config()} before trusting what it
   * got.
   */
  public Optional<CorosyncConfig> previousConfig() {
    return previousConfig;
  }

  /** Where the node's commands run, for logs: "local" or "ssh://node1". */
  public String target() {
    return runner.target();
  }

  /** The node's connection now ({@link CommandRunner#sessionId()}). */
  public long sessionId() {
    return runner.sessionId();
  }

  /** Whether the node is this machine (local mode), whose files can be read directly. */
  public boolean onThisMachine() {
    return runner.onThisMachine();
  }

  /** The scrape's deadline, for work a collector runs off its own thread. */
  public Deadline deadline() {
    return deadline;
  }

  /** The kept-open corosync connections; only local mode has them. */
  public CorosyncClient corosync() throws CollectionException {
    return corosync.orElseThrow(
        () ->
            new CollectionException(
                "no corosync connection here (source native is local mode only)"));
  }

  /**
   * How long one call over a corosync connection may be waited for: the tool timeout, capped by the
   * scrape's deadline.
   */
  public Duration callWait() {
    return deadline.cap(toolTimeout);
  }

  public String path(Tool tool) {
    return tools.path(tool);
  }

  public CommandResult run(String... argv) {
    return run(List.of(argv));
  }

  public CommandResult run(List<String> argv) {
    return runner.run(argv, deadline.cap(toolTimeout));
  }

  /** The running configuration, read once per scrape and shared by all collectors. */
  public CorosyncConfig config() throws CollectionException {
    try {
      return deadline.await(config);
    } catch (AwaitException e) {
      throw switch (e.reason()) {
        case FAILED ->
            new CollectionException(
                "configuration unavailable: " + e.getCause().getMessage(), e.getCause());
        case TIMED_OUT ->
            new CollectionException("configuration unavailable: not read by the scrape deadline");
        case INTERRUPTED -> new CollectionException("interrupted");
        default -> new CollectionException("configuration unavailable: " + e.getMessage(), e);
      };
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
