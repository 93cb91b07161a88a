package dev.corosyncexporter.scrape;

import dev.corosyncexporter.concurrent.Deadline;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Concurrent scrapes share the collection already in flight instead of running every command again.
 * Nothing is kept once it completes: the next scrape always collects afresh, so nothing is ever
 * stale.
 *
 * <p>A collection is given the deadline of the scrape that started it and answers by it. A scrape
 * joins one in flight only if that one is due no later than its own deadline: one started with a
 * later deadline (another Prometheus, a longer scrape timeout) would make it answer too late, so it
 * collects on its own instead.
 */
public final class SharedScrape<T> {
  private record InFlight<T>(CompletableFuture<T> result, Deadline deadline) {}

  private final Function<Deadline, T> collect;
  private final AtomicReference<InFlight<T>> inFlight = new AtomicReference<>();

  /** {@code collect} gets the deadline of the scrape that starts it. */
  public SharedScrape(Function<Deadline, T> collect) {
    this.collect = collect;
  }

  public T get(Deadline deadline) {
    while (true) {
      InFlight<T> current = inFlight.get();
      if (current != null) {
        if (current.deadline().notAfter(deadline)) {
          return current.result().join();
        }
        return collect.apply(deadline);
      }
      InFlight<T> mine = new InFlight<>(new CompletableFuture<>(), deadline);
      if (inFlight.compareAndSet(null, mine)) {
        try {
          T value = collect.apply(deadline);
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
