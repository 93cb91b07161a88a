package dev.corosyncexporter.ssh;

import java.time.Duration;
import java.util.Optional;

/**
 * Spaces out connect attempts to a node that keeps failing, so a dead node costs one fast failure
 * per scrape instead of a full connect timeout. Not thread-safe: the runner guards it. Times are
 * {@link System#nanoTime()} values passed in, which keeps it testable.
 */
final class ReconnectBackoff {
  private final Duration initial;
  private final Duration max;
  private int failures;
  private long retryAtNanos;
  private String lastError = "";

  ReconnectBackoff(Duration initial, Duration max) {
    this.initial = initial;
    this.max = max;
  }

  /** Why no attempt may be made at {@code nowNanos}, or empty if one may. */
  Optional<String> blocked(long nowNanos) {
    long waitNanos = retryAtNanos - nowNanos;
    if (failures == 0 || waitNanos <= 0) {
      return Optional.empty();
    }
    long waitMs = Math.max(1, Duration.ofNanos(waitNanos).toMillis());
    return Optional.of(
        "reconnect backoff: last error: " + lastError + " (next attempt in " + waitMs + " ms)");
  }

  /**
   * Records a failed attempt; {@code nowNanos} is when it ended, and the wait counts from there.
   */
  void failed(String error, long nowNanos) {
    failures++;
    lastError = error;
    retryAtNanos = nowNanos + delayAfter(failures).toNanos();
  }

  void succeeded() {
    failures = 0;
    lastError = "";
  }

  int failures() {
    return failures;
  }

  /** initial, 2*initial, 4*initial ... capped at max. */
  Duration delayAfter(int failureCount) {
    Duration d = initial;
    for (int i = 1; i < failureCount && d.compareTo(max) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(max) > 0 ? max : d;
  }
}
