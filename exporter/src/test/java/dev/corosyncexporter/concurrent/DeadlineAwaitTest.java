package dev.corosyncexporter.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Waiting on a future until a scrape's deadline, and why a wait ended without a value. */
class DeadlineAwaitTest {

  private static AwaitException.Reason reasonOf(Throwable t) {
    return ((AwaitException) t).reason();
  }

  @Test
  void returnsTheValue() throws Exception {
    assertThat(Deadline.in(Duration.ofSeconds(5)).await(CompletableFuture.completedFuture("x")))
        .isEqualTo("x");
  }

  @Test
  void aFutureThatNeverAnswersTimesOutAtTheDeadlineAndIsLeftRunning() {
    CompletableFuture<String> never = new CompletableFuture<>();
    long start = System.nanoTime();
    assertThatThrownBy(() -> Deadline.in(Duration.ofMillis(200)).await(never))
        .isInstanceOf(AwaitException.class)
        .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(AwaitException.Reason.TIMED_OUT));
    Duration waited = Duration.ofNanos(System.nanoTime() - start);
    assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    assertThat(waited).isLessThan(Duration.ofSeconds(3));
    assertThat(never).as("cancelling is the caller's choice").isNotCancelled();
  }

  @Test
  void aPassedDeadlineStillTakesAValueAlreadyThere() throws Exception {
    assertThat(Deadline.in(Duration.ZERO).await(CompletableFuture.completedFuture(7))).isEqualTo(7);
  }

  @Test
  void theCauseOfAFailureIsPassedOn() {
    IOException failure = new IOException("cannot read /etc/pve/.members");
    assertThatThrownBy(
            () -> Deadline.in(Duration.ofSeconds(5)).await(CompletableFuture.failedFuture(failure)))
        .isInstanceOf(AwaitException.class)
        .hasCause(failure)
        .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(AwaitException.Reason.FAILED));
  }

  /** supplyAsync wraps what the work threw; the caller still gets the work's own exception. */
  @Test
  void theCauseOfAnAsyncFailureIsTheWorksOwnException() {
    IllegalStateException failure = new IllegalStateException("collector bug");
    CompletableFuture<String> failed =
        CompletableFuture.supplyAsync(
            () -> {
              throw failure;
            });
    assertThatThrownBy(() -> Deadline.in(Duration.ofSeconds(5)).await(failed)).hasCause(failure);
  }

  @Test
  void aCancelledFutureSaysSo() {
    CompletableFuture<String> cancelled = new CompletableFuture<>();
    cancelled.cancel(false);
    assertThatThrownBy(() -> Deadline.in(Duration.ofSeconds(5)).await(cancelled))
        .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(AwaitException.Reason.CANCELLED));
  }

  @Test
  void anInterruptedWaitEndsAtOnceAndKeepsTheInterruptFlag() {
    Thread.currentThread().interrupt();
    try {
      long start = System.nanoTime();
      assertThatThrownBy(
              () -> Deadline.in(Duration.ofSeconds(30)).await(new CompletableFuture<String>()))
          .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(AwaitException.Reason.INTERRUPTED));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(Thread.currentThread().isInterrupted()).as("flag set again").isTrue();
    } finally {
      Thread.interrupted(); // clear it for the next test on this thread
    }
  }
}
