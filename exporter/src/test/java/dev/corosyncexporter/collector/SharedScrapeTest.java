package dev.corosyncexporter.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SharedScrapeTest {
  private static final Duration BUDGET = Duration.ofSeconds(10);

  @Test
  void concurrentScrapesShareTheCollectionInFlight() throws Exception {
    AtomicInteger collections = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    SharedScrape<Integer> shared =
        new SharedScrape<>(
            budget -> {
              int n = collections.incrementAndGet();
              await(release);
              return n;
            });
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(() -> shared.get(BUDGET)));
      }
      Thread.sleep(200); // let all eight arrive while the first is still collecting
      release.countDown();
      for (Future<Integer> f : results) {
        assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(collections).hasValue(1);
  }

  @Test
  void aScrapeAfterTheLastFinishedCollectsAfresh() {
    AtomicInteger collections = new AtomicInteger();
    SharedScrape<Integer> shared = new SharedScrape<>(budget -> collections.incrementAndGet());
    assertThat(shared.get(BUDGET)).isEqualTo(1);
    assertThat(shared.get(BUDGET)).isEqualTo(2);
  }

  @Test
  void aFailureReachesItsWaitersAndDoesNotStick() {
    AtomicInteger calls = new AtomicInteger();
    SharedScrape<Integer> shared =
        new SharedScrape<>(
            budget -> {
              if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("boom");
              }
              return 7;
            });
    assertThatThrownBy(() -> shared.get(BUDGET)).hasMessage("boom");
    assertThat(shared.get(BUDGET)).isEqualTo(7);
  }

  @Test
  void aScrapeWithAnEarlierDeadlineDoesNotWaitForALongerCollection() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch longStarted = new CountDownLatch(1);
    List<Duration> budgets = new java.util.concurrent.CopyOnWriteArrayList<>();
    SharedScrape<Duration> shared =
        new SharedScrape<>(
            budget -> {
              budgets.add(budget);
              if (budget.equals(Duration.ofSeconds(30))) {
                longStarted.countDown();
                await(release);
              }
              return budget;
            });
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Duration> longScrape = pool.submit(() -> shared.get(Duration.ofSeconds(30)));
      assertThat(longStarted.await(5, TimeUnit.SECONDS)).isTrue();

      // Due long before the collection in flight could be: it collects with its own budget, now.
      assertThat(shared.get(Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
      assertThat(longScrape).isNotDone();

      release.countDown();
      assertThat(longScrape.get(5, TimeUnit.SECONDS)).isEqualTo(Duration.ofSeconds(30));
    } finally {
      pool.shutdownNow();
    }
    assertThat(budgets).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(1));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
