package dev.corosyncexporter.collector;

import dev.corosyncexporter.command.ToolText;
import dev.corosyncexporter.concurrent.AwaitException;
import dev.corosyncexporter.concurrent.Deadline;
import dev.corosyncexporter.concurrent.GuardedThread;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * This machine's /etc/pve, each scrape's reads as one job on one dedicated thread: /etc/pve is
 * FUSE, and a read of a hung pmxcfs (or of a FIFO put there) sleeps in the kernel where nothing in
 * Java can free it. So a hang costs the /etc/pve parts, never the scrape's deadline, the series
 * that do not come from /etc/pve, or a pile of reader threads; and it shows, as the time the read
 * that has not returned started. The thread starts with the first local read: in central mode the
 * collector is shared by every node and never reads here.
 */
final class PveLocalReader {
  /**
   * pmxcfs answers reads from memory in milliseconds: a local read without an answer for this long
   * is hung, and later scrapes are answered at once instead of queueing behind it. A younger read
   * is waited for (another Prometheus, or the start-up collection, overlapping a scrape).
   */
  static final Duration STUCK_AFTER = Duration.ofSeconds(2);

  /**
   * Kept back from the scrape's deadline when waiting for /etc/pve (at most a quarter of the time
   * left): the collector must still answer with its other series before the scraper stops waiting.
   */
  private static final Duration ANSWER_MARGIN = Duration.ofMillis(250);

  /** The result of one local read, and since when a read that has not returned is running. */
  record Answer(Optional<PveRead> read, Optional<Instant> blockedSince) {}

  private final PveFiles.LocalSource source;
  private final EtcPveReader reader;
  private final Clock clock;
  private final GuardedThread thread;
  private final AtomicReference<Instant> readingSince = new AtomicReference<>();

  PveLocalReader(Path root, Clock clock, Duration stuckAfter) {
    this.source = new PveFiles.LocalSource(root);
    this.reader = new EtcPveReader(clock);
    this.clock = clock;
    this.thread = new GuardedThread("reader " + PveFiles.ETC_PVE, stuckAfter, 0);
  }

  /**
   * @param ownNode this node's name when .members cannot tell it
   * @throws CollectionException only when the read failed unexpectedly (a bug)
   */
  Answer read(Deadline deadline, Optional<String> ownNode) throws CollectionException {
    Duration left = deadline.remaining();
    Duration margin =
        ANSWER_MARGIN.compareTo(left.dividedBy(4)) < 0 ? ANSWER_MARGIN : left.dividedBy(4);
    try {
      return new Answer(
          thread.call(Deadline.in(left.minus(margin)), () -> timed(ownNode)), Optional.empty());
    } catch (AwaitException e) {
      Optional<Instant> since = Optional.ofNullable(readingSince.get());
      String why =
          switch (e.reason()) {
            case STUCK, TIMED_OUT ->
                since
                    .map(
                        s ->
                            "reader of "
                                + PveFiles.ETC_PVE
                                + " blocked since "
                                + s
                                + " (a read that has not returned)")
                    .orElse(
                        "reading " + PveFiles.ETC_PVE + " did not finish by the scrape deadline");
            case CLOSED -> "reader of " + PveFiles.ETC_PVE + " closed";
            case CANCELLED -> "reading " + PveFiles.ETC_PVE + " cancelled";
            case INTERRUPTED -> "interrupted";
            case FAILED ->
                throw e.getCause() instanceof CollectionException c
                    ? c
                    : new CollectionException(
                        "reading "
                            + PveFiles.ETC_PVE
                            + " failed: "
                            + ToolText.forLog(String.valueOf(e.getCause())),
                        e.getCause());
          };
      return new Answer(Optional.of(PveRead.unread(why, ownNode)), since);
    }
  }

  private Optional<PveRead> timed(Optional<String> ownNode) throws CollectionException {
    readingSince.set(clock.instant());
    try {
      return reader.read(source, ownNode);
    } finally {
      readingSince.set(null);
    }
  }

  /** Whether the /run file exists; /run is tmpfs and cannot hang, so no guarded thread. */
  boolean exists(String path) {
    return source.exists(path);
  }

  GuardedThread thread() {
    return thread;
  }
}
