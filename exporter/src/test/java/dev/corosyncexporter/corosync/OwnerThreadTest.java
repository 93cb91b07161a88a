package dev.corosyncexporter.corosync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The owner thread stands in for a native call into a frozen corosync with a call that blocks on a
 * latch: exactly what a thread inside libqb's wait looks like to Java (it cannot be interrupted).
 */
class OwnerThreadTest {

  private static int ownerThreads(String name) {
    return (int)
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("corosync-" + name) && t.isAlive())
            .count();
  }

  /** What a native call into a frozen corosync is to Java: a wait that only corosync ends. */
  private static boolean block(CountDownLatch thawed) throws CorosyncException {
    try {
      return thawed.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CorosyncException("interrupted", e);
    }
  }

  @Test
  void answersComeBackAndRunOnOneThread() throws Exception {
    try (OwnerThread owner = new OwnerThread("t-answers", Duration.ofSeconds(1))) {
      String first = owner.call("a", Duration.ofSeconds(5), () -> Thread.currentThread().getName());
      String second =
          owner.call("b", Duration.ofSeconds(5), () -> Thread.currentThread().getName());
      assertThat(first).isEqualTo("corosync-t-answers").isEqualTo(second);
      assertThat(owner.callsRun()).isEqualTo(2);
    }
  }

  @Test
  void aStuckCallFailsItsCallerByTheWaitAndLaterCallsFailFastWithoutRunning() throws Exception {
    CountDownLatch corosyncFrozen = new CountDownLatch(1);
    AtomicInteger ran = new AtomicInteger();
    try (OwnerThread owner = new OwnerThread("t-stuck", Duration.ofMillis(200))) {
      long start = System.nanoTime();
      assertThatThrownBy(
              () ->
                  owner.call(
                      "getinfo",
                      Duration.ofMillis(300),
                      () -> {
                        ran.incrementAndGet();
                        block(corosyncFrozen);
                        return 1;
                      }))
          .isInstanceOf(CorosyncException.class)
          .hasMessageContaining("no answer from corosync within 300 ms");
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("bounded, not hung")
          .isLessThan(Duration.ofSeconds(3));
      assertThat(owner.busy()).isTrue();

      // Past stuckAfter: nothing is queued behind the stuck call, and no thread is added.
      for (int i = 0; i < 20; i++) {
        assertThatThrownBy(
                () -> owner.call("getinfo", Duration.ofSeconds(30), ran::incrementAndGet))
            .isInstanceOf(CorosyncException.class)
            .hasMessageContaining("not queueing another");
      }
      assertThat(ownerThreads("t-stuck")).isEqualTo(1);
      assertThat(ran).hasValue(1);

      // corosync thawed: the stuck call returns and the connection answers again.
      corosyncFrozen.countDown();
      org.awaitility.Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> !owner.busy());
      assertThat(owner.call("getinfo", Duration.ofSeconds(5), ran::incrementAndGet)).isEqualTo(2);
      assertThat(ownerThreads("t-stuck")).isEqualTo(1);
    }
  }

  @Test
  void aCallQueuedBehindASlowOneThatTimesOutNeverRuns() throws Exception {
    CountDownLatch slow = new CountDownLatch(1);
    AtomicInteger queuedRan = new AtomicInteger();
    try (OwnerThread owner = new OwnerThread("t-queued", Duration.ofSeconds(30))) {
      Thread first =
          new Thread(
              () -> {
                try {
                  owner.call("slow", Duration.ofSeconds(30), () -> block(slow));
                } catch (CorosyncException e) {
                  // not what this test looks at
                }
              });
      first.start();
      org.awaitility.Awaitility.await().atMost(5, TimeUnit.SECONDS).until(owner::busy);
      assertThatThrownBy(
              () -> owner.call("queued", Duration.ofMillis(200), queuedRan::incrementAndGet))
          .isInstanceOf(CorosyncException.class);
      slow.countDown();
      first.join(5000);
      owner.call("after", Duration.ofSeconds(5), () -> 0);
      assertThat(queuedRan).as("cancelled before it started").hasValue(0);
    }
  }

  @Test
  void aFailingCallPassesItsReasonOn() {
    try (OwnerThread owner = new OwnerThread("t-fail", Duration.ofSeconds(1))) {
      assertThatThrownBy(
              () ->
                  owner.call(
                      "getinfo",
                      Duration.ofSeconds(5),
                      () -> {
                        throw CorosyncException.of("votequorum_getinfo", CsError.LIBRARY);
                      }))
          .hasMessage("votequorum_getinfo: CS_ERR_LIBRARY");
    }
  }

  @Test
  void closedOwnerRefusesCallsAndItsThreadEnds() throws Exception {
    OwnerThread owner = new OwnerThread("t-closed", Duration.ofSeconds(1));
    owner.call("a", Duration.ofSeconds(5), () -> 1);
    AtomicInteger finalized = new AtomicInteger();
    owner.closeWith(finalized::incrementAndGet);
    assertThatThrownBy(() -> owner.call("b", Duration.ofSeconds(5), () -> 1))
        .hasMessageContaining("connection closed");
    org.awaitility.Awaitility.await()
        .atMost(5, TimeUnit.SECONDS)
        .until(() -> ownerThreads("t-closed") == 0);
    assertThat(finalized).hasValue(1);
  }
}
