package dev.corosyncexporter.collector;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Concurrent scrapes share the collection already in flight instead of running every command again.
 * Nothing is kept once it completes: the next scrape always collects afresh, so nothing is ever stale.
 */
public final class SharedScrape<T> {
  private final Supplier<T> collect;
  private final AtomicReference<CompletableFuture<T>> inFlight = new AtomicReference<>();

  public SharedScrape(Supplier<T> collect) {
    this.collect = collect;
  }

  public T get() {
    while (true) {
      CompletableFuture<T> current = inFlight.get();
      if (current != null) {
        return current.join();
      }
      CompletableFuture<T> mine = new CompletableFuture<>();
      if (inFlight.compareAndSet(null, mine)) {
        try {
          T value = collect.get();
          mine.complete(value);
          return value;
        } catch (RuntimeException | Error e) {
          mine.completeExceptionally(e);
          throw e;
        } finally {
          inFlight.compareAndSet(mine, null);
        }
      }
    }
  }
}
