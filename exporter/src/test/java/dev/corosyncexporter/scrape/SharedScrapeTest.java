package dev.corosyncexporter.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corosyncexporter.concurrent.Deadline;
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
      // One deadline for all: which thread starts the collection is chance, and a scrape due
      // earlier
      // than the one in flight would rightly not join it.
      Deadline deadline = Deadline.in(BUDGET);
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(() -> shared.get(deadline)));
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
    assertThat(shared.get(Deadline.in(BUDGET))).isEqualTo(1);
    assertThat(shared.get(Deadline.in(BUDGET))).isEqualTo(2);
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
    assertThatThrownBy(() -> shared.get(Deadline.in(BUDGET))).hasMessage("boom");
    assertThat(shared.get(Deadline.in(BUDGET))).isEqualTo(7);
  }

  @Test
  void aScrapeWithAnEarlierDeadlineDoesNotWaitForALongerCollection() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch longStarted = new CountDownLatch(1);
    Deadline late = Deadline.in(Duration.ofSeconds(30));
    Deadline early = Deadline.in(Duration.ofSeconds(1));
    List<Deadline> deadlines = new java.util.concurrent.CopyOnWriteArrayList<>();
    SharedScrape<Deadline> shared =
        new SharedScrape<>(
            deadline -> {
              deadlines.add(deadline);
              if (deadline == late) {
                longStarted.countDown();
                await(release);
              }
              return deadline;
            });
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Deadline> longScrape = pool.submit(() -> shared.get(late));
      assertThat(longStarted.await(5, TimeUnit.SECONDS)).isTrue();

      // Due long before the collection in flight could be: it collects with its own deadline, now.
      assertThat(shared.get(early)).isSameAs(early);
      assertThat(longScrape).isNotDone();

      release.countDown();
      assertThat(longScrape.get(5, TimeUnit.SECONDS)).isSameAs(late);
    } finally {
      pool.shutdownNow();
    }
    assertThat(deadlines).containsExactly(late, early);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
