package dev.corosyncexporter.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The guarded thread stands in for a native call into a frozen corosync, or a read of a hung FUSE
 * mount, with a call that blocks on a latch: exactly what such a thread looks like to Java (it
 * cannot be interrupted out of it).
 */
class GuardedThreadTest {

  private static int threadsNamed(String name) {
    return (int)
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals(name) && t.isAlive())
            .count();
  }

  /** What a call into a frozen peer is to Java: a wait that only the peer ends. */
  private static boolean block(CountDownLatch thawed) throws InterruptedException {
    return thawed.await(30, TimeUnit.SECONDS);
  }

  /** A first caller whose call is running, held by {@code slow}. */
  private static Thread startSlowCall(GuardedThread owner, CountDownLatch slow) {
    Thread first =
        new Thread(
            () -> {
              try {
                owner.call(in(30_000), () -> block(slow));
              } catch (AwaitException e) {
                // not what the tests look at
              }
            });
    first.start();
    Awaitility.await().atMost(5, TimeUnit.SECONDS).until(owner::busy);
    return first;
  }

  private static Deadline in(long millis) {
    return Deadline.in(Duration.ofMillis(millis));
  }

  @Test
  void answersComeBackAndRunOnOneThread() throws Exception {
    try (GuardedThread owner = new GuardedThread("t-answers", Duration.ofSeconds(1), 0)) {
      String first = owner.call(in(5000), () -> Thread.currentThread().getName());
      String second = owner.call(in(5000), () -> Thread.currentThread().getName());
      assertThat(first).isEqualTo("t-answers").isEqualTo(second);
      assertThat(owner.callsRun()).isEqualTo(2);
    }
  }

  @Test
  void aStuckCallFailsItsCallerByTheDeadlineAndLaterCallsFailFastWithoutRunning() throws Exception {
    CountDownLatch frozen = new CountDownLatch(1);
    AtomicInteger ran = new AtomicInteger();
    try (GuardedThread owner = new GuardedThread("t-stuck", Duration.ofMillis(200), 0)) {
      long start = System.nanoTime();
      assertThatThrownBy(
              () ->
                  owner.call(
                      in(300),
                      () -> {
                        ran.incrementAndGet();
                        return block(frozen);
                      }))
          .isInstanceOfSatisfying(
              AwaitException.class,
              e -> assertThat(e.reason()).isEqualTo(AwaitException.Reason.TIMED_OUT));
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("bounded, not hung")
          .isLessThan(Duration.ofSeconds(3));
      assertThat(owner.busy()).isTrue();

      // Past stuckAfter: nothing is queued behind the stuck call, and no thread is added.
      for (int i = 0; i < 20; i++) {
        assertThatThrownBy(() -> owner.call(in(30_000), ran::incrementAndGet))
            .isInstanceOfSatisfying(
                AwaitException.class,
                e -> {
                  assertThat(e.reason()).isEqualTo(AwaitException.Reason.STUCK);
                  assertThat(e.busyFor()).isGreaterThan(Duration.ofMillis(200));
                  assertThat(e.busySince()).isNotNull();
                });
      }
      assertThat(threadsNamed("t-stuck")).isEqualTo(1);
      assertThat(owner.queued()).isZero();
      assertThat(ran).hasValue(1);

      // Thawed: the stuck call returns and the thread answers again.
      frozen.countDown();
      Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> !owner.busy());
      assertThat(owner.call(in(5000), ran::incrementAndGet)).isEqualTo(2);
      assertThat(threadsNamed("t-stuck")).isEqualTo(1);
    }
  }

  /** A young call is not stuck: a second caller waits its turn and gets its answer. */
  @Test
  void aCallBehindOneStillYoungerThanStuckAfterQueuesAndIsAnswered() throws Exception {
    CountDownLatch slow = new CountDownLatch(1);
    try (GuardedThread owner = new GuardedThread("t-overlap", Duration.ofSeconds(30), 0)) {
      Thread first = startSlowCall(owner, slow);
      var second =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return owner.call(in(10_000), () -> "second");
                } catch (AwaitException e) {
                  return e.reason().toString();
                }
              });
      Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> owner.queued() == 1);
      slow.countDown();
      assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("second");
      first.join(5000);
      assertThat(threadsNamed("t-overlap")).isEqualTo(1);
    }
  }

  @Test
  void aCallQueuedBehindASlowOneThatTimesOutNeverRuns() throws Exception {
    CountDownLatch slow = new CountDownLatch(1);
    AtomicInteger queuedRan = new AtomicInteger();
    try (GuardedThread owner = new GuardedThread("t-queued", Duration.ofSeconds(30), 0)) {
      Thread first = startSlowCall(owner, slow);
      assertThatThrownBy(() -> owner.call(in(200), queuedRan::incrementAndGet))
          .isInstanceOfSatisfying(
              AwaitException.class,
              e -> assertThat(e.reason()).isEqualTo(AwaitException.Reason.TIMED_OUT));
      assertThat(owner.queued()).as("the abandoned call left the queue").isZero();
      slow.countDown();
      first.join(5000);
      owner.call(in(5000), () -> 0);
      assertThat(queuedRan).as("cancelled before it started").hasValue(0);
    }
  }

  @Test
  void aFailingCallPassesItsReasonOn() {
    IllegalStateException failure = new IllegalStateException("votequorum_getinfo: CS_ERR_LIBRARY");
    try (GuardedThread owner = new GuardedThread("t-fail", Duration.ofSeconds(1), 0)) {
      assertThatThrownBy(
              () ->
                  owner.call(
                      in(5000),
                      () -> {
                        throw failure;
                      }))
          .isInstanceOfSatisfying(
              AwaitException.class,
              e -> assertThat(e.reason()).isEqualTo(AwaitException.Reason.FAILED))
          .hasCause(failure);
    }
  }

  @Test
  void closedThreadRefusesCallsAndEnds() throws Exception {
    GuardedThread owner = new GuardedThread("t-closed", Duration.ofSeconds(1), 0);
    owner.call(in(5000), () -> 1);
    AtomicInteger finalized = new AtomicInteger();
    owner.closeWith(finalized::incrementAndGet);
    assertThatThrownBy(() -> owner.call(in(5000), () -> 1))
        .isInstanceOfSatisfying(
            AwaitException.class,
            e -> assertThat(e.reason()).isEqualTo(AwaitException.Reason.CLOSED));
    Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> threadsNamed("t-closed") == 0);
    assertThat(finalized).hasValue(1);
  }

  /** corosync's dispatch needs a deep stack; the size asked for is the one the thread gets. */
  @Test
  void theThreadHasTheStackItWasGiven() throws Exception {
    try (GuardedThread deep = new GuardedThread("t-deep", Duration.ofSeconds(1), 4L << 20);
        GuardedThread plain = new GuardedThread("t-plain", Duration.ofSeconds(1), 0)) {
      assertThat(deep.call(in(5000), () -> recursionDepth(0)))
          .as("a 4 MiB stack recurses deeper than the default")
          .isGreaterThan(plain.call(in(5000), () -> recursionDepth(0)));
    }
  }

  private static int recursionDepth(int depth) {
    try {
      return recursionDepth(depth + 1);
    } catch (StackOverflowError e) {
      return depth;
    }
  }
}
