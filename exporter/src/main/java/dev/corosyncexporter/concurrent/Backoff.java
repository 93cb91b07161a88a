package dev.corosyncexporter.concurrent;

import java.time.Duration;
import java.util.Optional;

/**
 * Spaces out attempts at something that keeps failing (an SSH connect, opening a corosync
 * connection): after the n-th failure in a row the next attempt waits {@code initial} × 2^(n-1), at
 * most {@code max}, so a dead peer costs one fast refusal instead of a full attempt each time, and
 * is found again within {@code max} once it is back. Times are {@link System#nanoTime()} values
 * passed in, which keeps it testable. Not thread-safe: its owner guards it.
 */
public final class Backoff {
  private final Duration initial;
  private final Duration max;
  private int failures;
  private long retryAtNanos;
  private String lastError = "";

  public Backoff(Duration initial, Duration max) {
    this.initial = initial;
    this.max = max;
  }

  /** How long until an attempt may be made, seen at {@code nowNanos}; empty if one may be now. */
  public Optional<Duration> blockedFor(long nowNanos) {
    long waitNanos = retryAtNanos - nowNanos;
    if (failures == 0 || waitNanos <= 0) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(waitNanos));
  }

  /** Records a failed attempt; the wait counts from {@code nowNanos}. */
  public void failed(String error, long nowNanos) {
    failures++;
    lastError = error;
    retryAtNanos = nowNanos + delayAfter(failures).toNanos();
  }

  public void succeeded() {
    failures = 0;
    lastError = "";
  }

  /** Failed attempts in a row. */
  public int failures() {
    return failures;
  }

  /** Why the last attempt failed; empty after a success. */
  public String lastError() {
    return lastError;
  }

  /** initial, 2*initial, 4*initial ... capped at max. */
  public Duration delayAfter(int failureCount) {
    Duration d = initial;
    for (int i = 1; i < failureCount && d.compareTo(max) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(max) > 0 ? max : d;
  }
}
