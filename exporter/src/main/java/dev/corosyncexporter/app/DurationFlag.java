package dev.corosyncexporter.app;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as Prometheus writes them: 500ms, 4s, 1m. */
final class DurationFlag {
  private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  private DurationFlag() {}

  static Duration parse(String value) {
    Matcher m = FORMAT.matcher(value.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "invalid duration '" + value + "' (use e.g. 500ms, 4s, 1m)");
    }
    long n = Long.parseLong(m.group(1));
    Duration d =
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
    if (d.isZero()) {
      throw new IllegalArgumentException("duration must be positive, got '" + value + "'");
    }
    return d;
  }
}
