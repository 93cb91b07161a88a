package dev.corosyncexporter.collector;

import dev.corosyncexporter.command.WatchProcess;
import dev.corosyncexporter.parse.CorosyncConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the running configuration between scrapes and re-reads it only when corosync says it changed.
 * corosync-cmapctl -T on the configuration prefixes prints a line for every change; the cache is
 * valid only while all watchers run, so a corosync restart (which ends them) or any change forces a
 * fresh read. This is not time-based caching: it is never older than corosync's last notification.
 */
public final class WatchedConfigSource implements ConfigSource {
  private static final Logger LOG = LoggerFactory.getLogger(WatchedConfigSource.class);
  static final List<String> WATCHED_PREFIXES = List.of("totem.", "nodelist.", "quorum.");
  /** cmapctl prints this once its tracking is registered; changes after it are reported. */
  private static final String READY = "Type \"q\" to finish";
  private static final String STDBUF = "/usr/bin/stdbuf";

  private final ConfigSource delegate;
  private final ToolPaths tools;
  private final List<WatchProcess> watchers = new ArrayList<>();
  private CorosyncConfig cached;
  private volatile boolean dirty = true;

  public WatchedConfigSource(ConfigSource delegate, ToolPaths tools) {
    this.delegate = delegate;
    this.tools = tools;
  }

  @Override
  public synchronized CorosyncConfig load() throws CollectionException {
    if (cached != null && !dirty && watchersAlive()) {
      return cached;
    }
    cached = null;
    boolean watching = restartWatchers();
    // Cleared before the read: a change that lands during the read marks it dirty again.
    dirty = false;
    CorosyncConfig config = delegate.load();
    if (watching) {
      cached = config;
    }
    return config;
  }

  private boolean watchersAlive() {
    return !watchers.isEmpty() && watchers.stream().allMatch(WatchProcess::isAlive);
  }

  private boolean restartWatchers() {
    closeWatchers();
    if (!Files.isExecutable(Path.of(STDBUF))) {
      return false; // without line buffering the events would sit in a pipe buffer: read every scrape
    }
    CountDownLatch ready = new CountDownLatch(WATCHED_PREFIXES.size());
    for (String prefix : WATCHED_PREFIXES) {
      List<String> argv = List.of(STDBUF, "-oL", tools.cmapctl(), "-T", prefix);
      try {
        watchers.add(
            WatchProcess.start(
                argv,
                line -> {
                  if (line.startsWith(READY)) {
                    ready.countDown();
                  } else {
                    dirty = true;
                  }
                },
                () -> dirty = true));
      } catch (IOException e) {
        LOG.debug("cannot watch {}: {}", prefix, e.getMessage());
        closeWatchers();
        return false;
      }
    }
    // A watcher that cannot reach corosync exits at once; stop waiting as soon as one has.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    try {
      while (System.nanoTime() < deadline && watchersAlive()) {
        if (ready.await(10, TimeUnit.MILLISECONDS)) {
          return watchersAlive();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeWatchers(); // corosync is not answering; nothing to watch until it does
    return false;
  }

  private void closeWatchers() {
    watchers.forEach(WatchProcess::close);
    watchers.clear();
  }

  @Override
  public synchronized void close() {
    closeWatchers();
  }
}
