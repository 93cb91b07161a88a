package dev.corosyncexporter.concurrent;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The instant by which one scrape must have answered. Everything the scrape starts (configuration
 * read, every tool run, waiting for collectors) is bounded by it, so a hung corosync costs the
 * collectors, never the scrape: Prometheus gets an answer before it gives up.
 */
public final class Deadline {
  private final long atNanos;

  private Deadline(long atNanos) {
    this.atNanos = atNanos;
  }

  public static Deadline in(Duration timeAllowed) {
    return new Deadline(System.nanoTime() + Math.max(0, timeAllowed.toNanos()));
  }

  /** Time left, never negative. */
  public Duration remaining() {
    return Duration.ofNanos(Math.max(0, atNanos - System.nanoTime()));
  }

  public boolean passed() {
    return atNanos - System.nanoTime() <= 0;
  }

  /**
   * {@code limit}, or less if the deadline comes first: the timeout to give one step of the scrape.
   */
  public Duration cap(Duration limit) {
    Duration left = remaining();
    return limit.compareTo(left) < 0 ? limit : left;
  }

  /**
   * True if this deadline comes no later than {@code other}; nanoTime values compare by difference
   * only.
   */
  public boolean notAfter(Deadline other) {
    return atNanos - other.atNanos <= 0;
  }

  /**
   * The future's value, waited for until this deadline at the latest. A future that has not
   * answered by then is left as it is: whether to cancel it is the caller's choice.
   *
   * @throws AwaitException TIMED_OUT, FAILED (the cause is what the work threw), CANCELLED or
   *     INTERRUPTED (the thread's interrupt flag is set again)
   */
  public <T> T await(Future<T> future) throws AwaitException {
    try {
      return future.get(remaining().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw AwaitException.of(AwaitException.Reason.TIMED_OUT, "no answer by the deadline", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw AwaitException.of(AwaitException.Reason.FAILED, String.valueOf(cause), cause);
    } catch (CancellationException e) {
      throw AwaitException.of(AwaitException.Reason.CANCELLED, "cancelled", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AwaitException.of(AwaitException.Reason.INTERRUPTED, "interrupted", e);
    }
  }

  @Override
  public String toString() {
    return "deadline in " + remaining().toMillis() + " ms";
  }
}
