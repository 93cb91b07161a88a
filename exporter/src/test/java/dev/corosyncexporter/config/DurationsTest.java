package dev.corosyncexporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @Test
  void parsesPrometheusSyntax() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("3s")).isEqualTo(Duration.ofSeconds(3));
    assertThat(Durations.parse("1m")).isEqualTo(Duration.ofMinutes(1));
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("1s500ms")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse("1d2h")).isEqualTo(Duration.ofHours(26));
    assertThat(Durations.parse("2w")).isEqualTo(Duration.ofDays(14));
    assertThat(Durations.parse("1y")).isEqualTo(Duration.ofDays(365));
    assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
    assertThat(Durations.parse("0s")).isEqualTo(Duration.ZERO);
  }

  @ParameterizedTest(name = "{index} => ''{0}''")
  @ValueSource(
      strings = {
        "",
        "abc",
        "5",
        "1.5s",
        "-1s",
        "3S",
        "1s1m",
        "1m1m",
        "ms",
        "1 s",
        " 4s",
        "99999999999999999999s"
      })
  void rejectsAnythingElse(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid duration '" + text + "' (use e.g. 500ms, 3s, 1m30s)");
  }

  @Test
  void aTimeoutIsPositiveAndBounded() {
    Duration max = Duration.ofSeconds(60);
    assertThat(Durations.parsePositive("1m", max)).isEqualTo(max);
    assertThat(Durations.parsePositive("1ms", max)).isEqualTo(Duration.ofMillis(1));
    assertThatThrownBy(() -> Durations.parsePositive("0s", max))
        .hasMessage("must be positive, got '0s'");
    assertThatThrownBy(() -> Durations.parsePositive("0", max))
        .hasMessage("must be positive, got '0'");
    assertThatThrownBy(() -> Durations.parsePositive("1m1ms", max))
        .hasMessage("must be at most 1m, got '1m1ms'");
    assertThatThrownBy(() -> Durations.parsePositive("soon", max))
        .hasMessage("invalid duration 'soon' (use e.g. 500ms, 3s, 1m30s)");
  }

  @Test
  void formatsForMessages() {
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1s500ms");
    assertThat(Durations.format(Duration.ofHours(1))).isEqualTo("1h");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
  }
}
