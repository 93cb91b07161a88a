package dev.corosyncexporter.alerting;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prometheus duration strings ("10s", "1m30s", "2h"). */
final class Durations {
  private Durations() {}

  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)");

  static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      return Duration.ZERO;
    }
    Matcher m = PART.matcher(text);
    Duration d = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        throw new IllegalArgumentException("bad duration " + text);
      }
      long n = Long.parseLong(m.group(1));
      d =
          d.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                case "w" -> Duration.ofDays(7 * n);
                default -> Duration.ofDays(365 * n);
              });
      end = m.end();
    }
    if (end != text.length()) {
      throw new IllegalArgumentException("bad duration " + text);
    }
    return d;
  }
}
