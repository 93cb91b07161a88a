package dev.corosyncexporter.concurrent;

import java.time.Duration;
import java.time.Instant;

/**
 * Why a wait ({@link Deadline#await}, {@link GuardedThread#call}) ended without a value. Callers
 * turn it into their own exception, in their own words, by {@link #reason()}.
 */
public final class AwaitException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why there is no value. */
  public enum Reason {
    /** The deadline came first; the work may still be running. */
    TIMED_OUT,
    /** The work threw; {@link #getCause()} is what it threw. */
    FAILED,
    /** Someone cancelled the work. */
    CANCELLED,
    /** The waiting thread was interrupted; its interrupt flag is set again. */
    INTERRUPTED,
    /** Refused at once: the guarded thread's running call is stuck ({@link #busySince()}). */
    STUCK,
    /** Refused at once: the guarded thread is closed. */
    CLOSED
  }

  private final Reason reason;
  private final Instant busySince;
  private final Duration busyFor;

  private AwaitException(
      Reason reason, String message, Throwable cause, Instant busySince, Duration busyFor) {
    super(message, cause);
    this.reason = reason;
    this.busySince = busySince;
    this.busyFor = busyFor;
  }

  static AwaitException of(Reason reason, String message, Throwable cause) {
    return new AwaitException(reason, message, cause, null, null);
  }

  static AwaitException stuck(Instant since, Duration running) {
    return new AwaitException(
        Reason.STUCK,
        "an earlier call has been running since " + since + " (" + running.toMillis() + " ms)",
        null,
        since,
        running);
  }

  public Reason reason() {
    return reason;
  }

  /** When the stuck call started (wall clock); only for {@link Reason#STUCK}. */
  public Instant busySince() {
    return busySince;
  }

  /** How long the stuck call had been running when this call was refused; only for STUCK. */
  public Duration busyFor() {
    return busyFor;
  }
}
