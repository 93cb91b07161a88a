package dev.corosyncexporter.corosync;

import java.time.Duration;

/**
 * The handle of one corosync service connection: opened on first use, closed when a call says the
 * connection is broken (corosync exited or restarted), reopened on the next call, and while opening
 * keeps failing, tried again only after a growing pause so a stopped corosync is not hammered. Used
 * only on the connection's {@link OwnerThread}, so it needs no locking.
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
  private long nextAttemptNanos = System.nanoTime();
  private Duration retry = FIRST_RETRY;
  private String lastError = "";
  private final java.util.concurrent.atomic.AtomicLong opens =
      new java.util.concurrent.atomic.AtomicLong();

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
    if (now - nextAttemptNanos < 0) {
      throw new CorosyncException(
          name
              + ": not connected ("
              + lastError
              + "); next attempt in "
              + Duration.ofNanos(nextAttemptNanos - now).toMillis()
              + " ms");
    }
    try {
      handle = opener.open();
    } catch (CorosyncException e) {
      lastError = e.getMessage();
      nextAttemptNanos = now + retry.toNanos();
      retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
      throw e;
    }
    open = true;
    opens.incrementAndGet();
    retry = FIRST_RETRY;
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
      lastError = call + ": " + CsError.name(code);
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
