package dev.corosyncexporter.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How long a scrape may take, from what Prometheus says in X-Prometheus-Scrape-Timeout-Seconds. */
class ScrapeDeadlinesTest {

  @ParameterizedTest(name = "header ''{0}'' -> {1} ms")
  @CsvSource(
      nullValues = "none",
      value = {
        "none, 9500", // Prometheus' default 10 s less the margin
        "5, 4500",
        "10, 9500",
        "0.9, 400",
        "0.5, 100", // never less than enough to answer that everything failed
        "0, 9500",
        "-3, 9500",
        "soon, 9500",
        "NaN, 9500",
        "Infinity, 9500",
        "1e9, 60000", // the header is the client's word: at most a minute
        "' 7 ', 6500",
      })
  void headerLessMarginWithinBounds(String header, long millis) {
    assertThat(ScrapeDeadlines.timeAllowed(header)).isEqualTo(Duration.ofMillis(millis));
  }
}
