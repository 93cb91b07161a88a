package dev.corosyncexporter.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static final long SECOND = 1_000_000_000L;

  /** The SSH runner's pacing (SshRunnerOptions: 1 s up to 30 s). */
  @Test
  void doublesFromOneSecondUpToThirtySeconds() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.delayAfter(5)).isEqualTo(Duration.ofSeconds(16));
    assertThat(backoff.delayAfter(6)).isEqualTo(Duration.ofSeconds(30));
    assertThat(backoff.delayAfter(1000)).isEqualTo(Duration.ofSeconds(30));
  }

  /** A corosync connection's pacing (ServiceHandle: 0.25 s up to 5 s), failure after failure. */
  @Test
  void pacesReconnectsAQuarterSecondUpToFiveSeconds() {
    Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(5));
    long t = 0;
    for (long expectedMs : new long[] {250, 500, 1000, 2000, 4000, 5000, 5000}) {
      backoff.failed("CS_ERR_LIBRARY", t);
      assertThat(backoff.blockedFor(t)).contains(Duration.ofMillis(expectedMs));
      t += expectedMs * 1_000_000L;
      assertThat(backoff.blockedFor(t)).isEmpty();
    }
    backoff.succeeded();
    backoff.failed("CS_ERR_LIBRARY", t);
    assertThat(backoff.blockedFor(t)).as("a success starts over").contains(Duration.ofMillis(250));
  }

  @Test
  void blocksUntilTheDelayHasPassedAndKeepsTheLastError() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
    long t0 = 1_000 * SECOND;
    assertThat(backoff.blockedFor(t0)).isEmpty();

    backoff.failed("connection refused", t0);
    assertThat(backoff.blockedFor(t0 + SECOND / 2)).contains(Duration.ofMillis(500));
    assertThat(backoff.lastError()).isEqualTo("connection refused");
    assertThat(backoff.blockedFor(t0 + SECOND)).isEmpty();

    backoff.failed("connection refused", t0 + SECOND);
    assertThat(backoff.blockedFor(t0 + 2 * SECOND)).isPresent();
    assertThat(backoff.blockedFor(t0 + 3 * SECOND)).isEmpty();

    backoff.succeeded();
    assertThat(backoff.failures()).isZero();
    assertThat(backoff.lastError()).isEmpty();
    assertThat(backoff.blockedFor(t0 + 3 * SECOND)).isEmpty();
  }
}
