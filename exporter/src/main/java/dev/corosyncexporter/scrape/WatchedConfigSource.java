package dev.corosyncexporter.scrape;

import dev.corosyncexporter.collector.CollectionException;
import dev.corosyncexporter.collector.CorosyncTools;
import dev.corosyncexporter.collector.ToolPaths;
import dev.corosyncexporter.command.CommandRunner;
import dev.corosyncexporter.command.Watch;
import dev.corosyncexporter.concurrent.Deadline;
import dev.corosyncexporter.parse.CorosyncConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the running configuration between scrapes and re-reads it only when corosync says it
 * changed. One corosync-cmapctl -T on exactly the keys the configuration query reads prints a line
 * for every change; the cache is valid only while that watcher runs, so a corosync restart (which
 * ends it), a broken SSH session or any change forces a fresh read. This is not time-based caching:
 * it is never older than corosync's last notification.
 */
final class WatchedConfigSource implements ConfigSource {
  private static final Logger LOG = LoggerFactory.getLogger(WatchedConfigSource.class);

  /** cmapctl prints this once its tracking is registered; changes after it are reported. */
  private static final String READY = "Type \"q\" to finish";

  /** Without line buffering the events would sit in a pipe buffer. */
  static final String STDBUF = "/usr/bin/stdbuf";

  /**
   * cmapctl -T quits on "q" or on end of input, but a pipe whose writer is gone only signals a
   * hangup, which it ignores: a watcher whose exporter was killed, or whose SSH connection broke,
   * would run until corosync stops. A bounded life ends such an orphan; the exporter simply starts
   * the next one.
   */
  static final String TIMEOUT = "/usr/bin/timeout";

  static final Duration LIFETIME = Duration.ofMinutes(5);
  static final Duration START_TIMEOUT = Duration.ofSeconds(2);

  /**
   * After a watcher could not start, the configuration is read every scrape for this long before
   * trying again.
   */
  static final Duration RETRY_AFTER = Duration.ofSeconds(30);

  private final CmapConfigSource source;
  private final CommandRunner runner;
  private final List<String> watchArgv;
  private volatile Watch watcher;
  private CorosyncConfig cached;
  private long retryAtNanos;
  private boolean failedBefore;
  private volatile boolean dirty = true;

  /**
   * {@code runner} runs the watcher where {@code source} runs its query: on this machine or over
   * SSH.
   */
  WatchedConfigSource(CmapConfigSource source, CommandRunner runner, ToolPaths tools) {
    this.source = source;
    this.runner = runner;
    List<String> argv =
        new ArrayList<>(
            List.of(
                TIMEOUT,
                Long.toString(LIFETIME.toSeconds()),
                STDBUF,
                "-oL",
                tools.path(CorosyncTools.CMAPCTL),
                "-T"));
    argv.addAll(CmapConfigSource.PREFIXES);
    this.watchArgv = List.copyOf(argv);
  }

  @Override
  public String name() {
    return source.name();
  }

  @Override
  public synchronized CorosyncConfig load(Deadline deadline) throws CollectionException {
    boolean watching = watcherAlive() || startWatcher(deadline);
    if (watching && cached != null && !dirty) {
      return cached;
    }
    cached = null;
    // Cleared before the read: a change, or the watcher's end, during the read marks it dirty
    // again.
    dirty = false;
    CorosyncConfig config = source.load(deadline);
    if (watching) {
      cached = config;
    }
    return config;
  }

  /** Read without the lock a scrape may hold while it reads the configuration. */
  @Override
  public java.util.Optional<Boolean> watching() {
    Watch w = watcher;
    return java.util.Optional.of(w != null && w.isAlive());
  }

  private boolean watcherAlive() {
    return watcher != null && watcher.isAlive();
  }

  /** Replaces a watcher that has ended; true once the new one tracks changes. */
  private boolean startWatcher(Deadline deadline) {
    Duration startTimeout = deadline.cap(START_TIMEOUT);
    closeWatcher();
    if (failedBefore && System.nanoTime() - retryAtNanos < 0) {
      return false;
    }
    CountDownLatch ready = new CountDownLatch(1);
    try {
      watcher =
          runner.watch(
              watchArgv,
              startTimeout,
              line -> {
                if (line.startsWith(READY)) {
                  ready.countDown();
                } else {
                  dirty = true;
                }
              },
              () -> dirty = true);
    } catch (IOException e) {
      return failed(
          "cannot start " + String.join(" ", watchArgv.subList(0, 6)) + ": " + e.getMessage());
    }
    // A watcher that cannot reach corosync exits at once; stop waiting as soon as it has.
    long until = System.nanoTime() + startTimeout.toNanos();
    try {
      while (System.nanoTime() - until < 0 && watcherAlive()) {
        if (ready.await(10, TimeUnit.MILLISECONDS)) {
          if (watcherAlive()) {
            failedBefore = false;
            return true;
          }
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeWatcher();
    return failed(
        "the configuration watcher on "
            + runner.target()
            + " did not start tracking (corosync not answering?)");
  }

  private boolean failed(String why) {
    if (!failedBefore) {
      LOG.info(
          "{}; reading the configuration every scrape, next try in {} s",
          why,
          RETRY_AFTER.toSeconds());
    }
    failedBefore = true;
    retryAtNanos = System.nanoTime() + RETRY_AFTER.toNanos();
    return false;
  }

  private void closeWatcher() {
    if (watcher != null) {
      watcher.close();
      watcher = null;
    }
  }

  @Override
  public synchronized void close() {
    closeWatcher();
  }
}
