package dev.corosyncexporter.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  @Test
  void concurrentScrapesShareTheCollectionInFlight() throws Exception {
    AtomicInteger collections = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    SharedScrape<Integer> shared =
        new SharedScrape<>(
            () -> {
              int n = collections.incrementAndGet();
              await(release);
              return n;
            });
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(shared::get));
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
    SharedScrape<Integer> shared = new SharedScrape<>(collections::incrementAndGet);
    assertThat(shared.get()).isEqualTo(1);
    assertThat(shared.get()).isEqualTo(2);
  }

  @Test
  void aFailureReachesItsWaitersAndDoesNotStick() {
    AtomicInteger calls = new AtomicInteger();
    SharedScrape<Integer> shared =
        new SharedScrape<>(
            () -> {
              if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("boom");
              }
              return 7;
            });
    assertThatThrownBy(shared::get).hasMessage("boom");
    assertThat(shared.get()).isEqualTo(7);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
