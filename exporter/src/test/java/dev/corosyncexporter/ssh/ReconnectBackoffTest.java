package dev.corosyncexporter.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void doublesFromOneSecondUpToThirtySeconds() {
    ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.delayAfter(5)).isEqualTo(Duration.ofSeconds(16));
    assertThat(backoff.delayAfter(6)).isEqualTo(Duration.ofSeconds(30));
    assertThat(backoff.delayAfter(1000)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void blocksUntilTheDelayHasPassedAndNamesTheLastError() {
    ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
    long t0 = 1_000 * SECOND;
    assertThat(backoff.blocked(t0)).isEmpty();

    backoff.failed("connection refused", t0);
    assertThat(backoff.blocked(t0 + SECOND / 2))
        .contains("reconnect backoff: last error: connection refused (next attempt in 500 ms)");
    assertThat(backoff.blocked(t0 + SECOND)).isEmpty();

    backoff.failed("connection refused", t0 + SECOND);
    assertThat(backoff.blocked(t0 + 2 * SECOND)).isPresent();
    assertThat(backoff.blocked(t0 + 3 * SECOND)).isEmpty();

    backoff.succeeded();
    assertThat(backoff.failures()).isZero();
    assertThat(backoff.blocked(t0 + 3 * SECOND)).isEmpty();
  }
}
