package dev.corosyncexporter.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @Test
  void parsesPrometheusSyntax() {
    assertThat(Durations.parse("500ms")).contains(Duration.ofMillis(500));
    assertThat(Durations.parse("3s")).contains(Duration.ofSeconds(3));
    assertThat(Durations.parse("1m")).contains(Duration.ofMinutes(1));
    assertThat(Durations.parse("1h")).contains(Duration.ofHours(1));
    assertThat(Durations.parse("1m30s")).contains(Duration.ofSeconds(90));
    assertThat(Durations.parse("1d2h")).contains(Duration.ofHours(26));
    assertThat(Durations.parse("0")).contains(Duration.ZERO);
  }

  @ParameterizedTest(name = "{index} => ''{0}''")
  @ValueSource(
      strings = {"", "abc", "5", "1.5s", "-1s", "3S", "1s1m", "ms", "1 s", "99999999999999999999s"})
  void rejectsAnythingElse(String text) {
    assertThat(Durations.parse(text)).isEmpty();
  }

  @Test
  void formatsForMessages() {
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1s500ms");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
  }
}
