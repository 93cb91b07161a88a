package dev.corosyncexporter.corosync;

import dev.corosyncexporter.concurrent.Backoff;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The handle of one corosync service connection: opened on first use, closed when a call says the
 * connection is broken (corosync exited or restarted), reopened on the next call, and while opening
 * keeps failing, tried again only after a growing pause so a stopped corosync is not hammered. Used
 * only on the connection's owner thread ({@link OwnerThreads}), so it needs no locking.
 */
final class ServiceHandle {
  static final Duration FIRST_RETRY = Duration.ofMillis(250);
  static final Duration MAX_RETRY = Duration.ofSeconds(5);

  /** Opens the connection and returns the handle. */
  @FunctionalInterface
  interface Opener {
    long open() throws CorosyncException;
  }

  /** Finalizes a handle; must not throw. */
  @FunctionalInterface
  interface Closer {
    void close(long handle);
  }

  private final String name;
  private final Opener opener;
  private final Closer closer;
  private long handle;
  private boolean open;
  private final Backoff backoff = new Backoff(FIRST_RETRY, MAX_RETRY);
  private final AtomicLong opens = new AtomicLong();

  ServiceHandle(String name, Opener opener, Closer closer) {
    this.name = name;
    this.opener = opener;
    this.closer = closer;
  }

  long get() throws CorosyncException {
    if (open) {
      return handle;
    }
    long now = System.nanoTime();
    Optional<Duration> blocked = backoff.blockedFor(now);
    if (blocked.isPresent()) {
      throw new CorosyncException(
          name
              + ": not connected ("
              + backoff.lastError()
              + "); next attempt in "
              + blocked.get().toMillis()
              + " ms");
    }
    try {
      handle = opener.open();
    } catch (CorosyncException e) {
      // Counted from the attempt's start: opening fails fast when corosync is away.
      backoff.failed(e.getMessage(), now);
      throw e;
    }
    open = true;
    opens.incrementAndGet();
    backoff.succeeded();
    return handle;
  }

  /**
   * Passes a successful result; otherwise throws, and first closes the connection if the error says
   * it is broken, so the next call reconnects.
   */
  void check(String call, int code) throws CorosyncException {
    if (code == CsError.OK) {
      return;
    }
    if (!CsError.keepsConnection(code)) {
      close();
    }
    throw CorosyncException.of(name + ": " + call, code);
  }

  void close() {
    if (open) {
      open = false;
      closer.close(handle);
    }
  }

  /** How many times the connection was opened: 1 in a healthy life, +1 per recovery. */
  long opens() {
    return opens.get();
  }
}
