package dev.corosyncexporter.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus-style durations ({@code 500ms}, {@code 3s}, {@code 1m30s}, {@code 1h}), so operators
 * write what they know. The one grammar for flags, the YAML and the alert rules' tests; its
 * messages are the reason alone, for the caller to prefix with the flag or key.
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

  /**
   * The duration {@code text} writes; {@code 0} is zero.
   *
   * @throws IllegalArgumentException if it is not one (including the empty string)
   */
  public static Duration parse(String text) {
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = SYNTAX.matcher(text);
    if (text.isEmpty() || !m.matches()) {
      throw invalid(text);
    }
    try {
      Duration total = Duration.ZERO;
      for (int i = 0; i < UNITS.length; i++) {
        String digits = m.group(i + 1);
        if (digits != null) {
          total = total.plus(UNITS[i].multipliedBy(Long.parseLong(digits)));
        }
      }
      return total;
    } catch (ArithmeticException | NumberFormatException tooLarge) {
      throw invalid(text);
    }
  }

  /**
   * A duration that must be positive and at most {@code max}: a timeout or an interval.
   *
   * @throws IllegalArgumentException if {@code text} is not a duration or out of range
   */
  public static Duration parsePositive(String text, Duration max) {
    Duration d = parse(text);
    if (d.isZero()) {
      throw new IllegalArgumentException("must be positive, got '" + text + "'");
    }
    if (d.compareTo(max) > 0) {
      throw new IllegalArgumentException("must be at most " + format(max) + ", got '" + text + "'");
    }
    return d;
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "invalid duration '" + text + "' (use e.g. 500ms, 3s, 1m30s)");
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
