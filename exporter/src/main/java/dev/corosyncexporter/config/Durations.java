package dev.corosyncexporter.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus-style durations ({@code 500ms}, {@code 3s}, {@code 1m30s}, {@code 1h}), so operators
 * write what they know.
 */
public final class Durations {
  private static final Pattern SYNTAX =
      Pattern.compile(
          "(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
  private static final Duration[] UNITS = {
    Duration.ofDays(365),
    Duration.ofDays(7),
    Duration.ofDays(1),
    Duration.ofHours(1),
    Duration.ofMinutes(1),
    Duration.ofSeconds(1),
    Duration.ofMillis(1)
  };

  private Durations() {}

  /** Empty when {@code text} is not a valid duration (including the empty string). */
  public static Optional<Duration> parse(String text) {
    if (text.equals("0")) {
      return Optional.of(Duration.ZERO);
    }
    Matcher m = SYNTAX.matcher(text);
    if (text.isEmpty() || !m.matches()) {
      return Optional.empty();
    }
    try {
      Duration total = Duration.ZERO;
      for (int i = 0; i < UNITS.length; i++) {
        String digits = m.group(i + 1);
        if (digits != null) {
          total = total.plus(UNITS[i].multipliedBy(Long.parseLong(digits)));
        }
      }
      return Optional.of(total);
    } catch (ArithmeticException | NumberFormatException tooLarge) {
      return Optional.empty();
    }
  }

  /** The inverse of {@link #parse}, for messages: 90s becomes "1m30s". */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    long ms = d.toMillis();
    long h = ms / 3_600_000;
    long m = ms / 60_000 % 60;
    long s = ms / 1000 % 60;
    long rest = ms % 1000;
    if (h > 0) {
      sb.append(h).append('h');
    }
    if (m > 0) {
      sb.append(m).append('m');
    }
    if (s > 0) {
      sb.append(s).append('s');
    }
    if (rest > 0) {
      sb.append(rest).append("ms");
    }
    return sb.length() == 0 ? "0s" : sb.toString();
  }
}
