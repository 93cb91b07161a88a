package dev.corosyncexporter.scrape;

import dev.corosyncexporter.concurrent.Deadline;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import java.time.Duration;

/**
 * The deadline of a scrape, from Prometheus' X-Prometheus-Scrape-Timeout-Seconds header less a
 * margin for assembling and sending the answer; without the header, a default that fits Prometheus'
 * default 10 s scrape timeout. Local and central mode use the same rule.
 */
public final class ScrapeDeadlines {
  public static final String HEADER = "X-Prometheus-Scrape-Timeout-Seconds";

  /** Time kept back from Prometheus' timeout for assembling and sending the answer. */
  public static final Duration MARGIN = Duration.ofMillis(500);

  /** Prometheus' default scrape_timeout is 10 s. */
  public static final Duration DEFAULT_TIME_ALLOWED = Duration.ofSeconds(10).minus(MARGIN);

  /**
   * A header can ask for more, but no scrape needs more than a minute; the header is the client's
   * word.
   */
  static final Duration MAX_TIME_ALLOWED = Duration.ofSeconds(60);

  /** The least a scrape gets, however short the header: enough to answer that everything failed. */
  static final Duration MIN_TIME_ALLOWED = Duration.ofMillis(100);

  private ScrapeDeadlines() {}

  /** A scrape that says nothing of its timeout (client_java's collect() without a request). */
  public static Deadline withoutRequest() {
    return Deadline.in(DEFAULT_TIME_ALLOWED);
  }

  public static Deadline of(PrometheusScrapeRequest request) {
    return Deadline.in(timeAllowed(request));
  }

  static Duration timeAllowed(PrometheusScrapeRequest request) {
    if (request instanceof PrometheusHttpRequest http) {
      return timeAllowed(http.getHeader(HEADER));
    }
    return DEFAULT_TIME_ALLOWED;
  }

  static Duration timeAllowed(String header) {
    if (header == null) {
      return DEFAULT_TIME_ALLOWED;
    }
    double seconds;
    try {
      seconds = Double.parseDouble(header.strip());
    } catch (NumberFormatException e) {
      return DEFAULT_TIME_ALLOWED; // a malformed header gets the default
    }
    if (!(seconds > 0) || Double.isInfinite(seconds)) {
      return DEFAULT_TIME_ALLOWED;
    }
    Duration d =
        Duration.ofMillis(
                (long)
                    Math.min(
                        seconds * 1000, (double) (MAX_TIME_ALLOWED.toMillis() + MARGIN.toMillis())))
            .minus(MARGIN);
    return d.compareTo(MIN_TIME_ALLOWED) < 0 ? MIN_TIME_ALLOWED : d;
  }
}
