package dev.corosyncexporter.collector;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Concurrent scrapes share the collection already in flight instead of running every command again.
 * Nothing is kept once it completes: the next scrape always collects afresh, so nothing is ever stale.
 *
 * <p>A collection is given the budget of the scrape that started it and answers within it. A scrape
 * joins one in flight only if that one is due no later than its own deadline: one started with a
 * longer budget (another Prometheus, a longer scrape timeout) would make it answer too late, so it
 * collects on its own instead.
 */
public final class SharedScrape<T> {
  private record InFlight<T>(CompletableFuture<T> result, long deadlineNanos) {}

  private final Function<Duration, T> collect;
  private final AtomicReference<InFlight<T>> inFlight = new AtomicReference<>();

  /** {@code collect} gets the budget of the scrape that starts it. */
  public SharedScrape(Function<Duration, T> collect) {
    this.collect = collect;
  }

  public T get(Duration budget) {
    long deadline = System.nanoTime() + budget.toNanos();
    while (true) {
      InFlight<T> current = inFlight.get();
      if (current != null) {
        if (current.deadlineNanos() - deadline <= 0) {
          return current.result().join();
        }
        return collect.apply(budget);
      }
      InFlight<T> mine = new InFlight<>(new CompletableFuture<>(), deadline);
      if (inFlight.compareAndSet(null, mine)) {
        try {
          T value = collect.apply(budget);
          mine.result().complete(value);
          return value;
        } catch (RuntimeException | Error e) {
          mine.result().completeExceptionally(e);
          throw e;
        } finally {
          inFlight.compareAndSet(mine, null);
        }
      }
    }
  }
}
