package dev.corosyncexporter.parse;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Totem health from a stats-map listing ({@code corosync-cmapctl -m stats stats.srp.KEY ...
 * stats.schedmiss.}): the srp counters and the scheduler misses.
 *
 * <p>A scheduler-miss entry is {@code stats.schedmiss.N.timestamp (u64)} (ms since the epoch) and
 * {@code stats.schedmiss.N.delay (flt)} (ms), N from 0 to 9. An entry lacking either value, or with
 * one that is not a number, or with N outside 0-9, is left out, not an error: corosync serves the
 * two keys of an entry separately and rotates the entries on every miss, so a listing taken during
 * a rotation may hold half an entry, and that must not cost the link state read in the same query.
 * Left-out entries are not counted in {@code kept}.
 */
public final class TotemStatsParser {

  /** corosync keeps this many scheduler misses (MAX_SCHEDMISS_EVENTS), indexed 0-9. */
  static final int MAX_KEPT = 10;

  /** What cmapctl prints for a flt ("%f"); no exponent, sign, NaN or Java's "d"/"f" suffixes. */
  private static final Pattern DECIMAL = Pattern.compile("^\\d{1,15}(?:\\.\\d{1,9})?$");

  private static final Pattern SCHEDMISS =
      Pattern.compile("^stats\\.schedmiss\\.(\\d{1,9})\\.(timestamp|delay)$");

  private TotemStatsParser() {}

  public static TotemStats parse(CmapEntries stats) throws ParseException {
    return LineParser.guard(CmapctlParser.TOOL, () -> build(stats));
  }

  private static TotemStats build(CmapEntries stats) {
    return new TotemStats(
        srp(stats, "mcast_retx"),
        srp(stats, "operational_token_lost"),
        srp(stats, "consensus_timeouts"),
        srp(stats, "gather_entered"),
        srp(stats, "continuous_gather"),
        srp(stats, "firewall_enabled_or_nic_failure"),
        schedulerMisses(stats));
  }

  private static OptionalLong srp(CmapEntries stats, String name) {
    return stats.number("stats.srp." + name);
  }

  private static TotemStats.SchedulerMisses schedulerMisses(CmapEntries stats) {
    Map<Integer, String> timestamps = new HashMap<>();
    Map<Integer, String> delays = new HashMap<>();
    for (Map.Entry<String, CmapEntries.Entry> e : stats.entries().entrySet()) {
      Matcher m = SCHEDMISS.matcher(e.getKey());
      if (!m.matches()) {
        continue;
      }
      int index = Integer.parseInt(m.group(1));
      if (index >= MAX_KEPT) {
        continue;
      }
      (m.group(2).equals("timestamp") ? timestamps : delays).put(index, e.getValue().value());
    }
    int kept = 0;
    TotemStats.Miss newest = null;
    for (Map.Entry<Integer, String> t : timestamps.entrySet()) {
      OptionalLong timestamp = unsigned(t.getValue());
      Optional<Double> delay = decimal(delays.get(t.getKey()));
      if (timestamp.isEmpty() || delay.isEmpty()) {
        continue;
      }
      kept++;
      // Not blindly index 0: the largest timestamp is the newest even if a rotation was caught
      // half done.
      if (newest == null || timestamp.getAsLong() > newest.timestampMillis()) {
        newest = new TotemStats.Miss(timestamp.getAsLong(), delay.get());
      }
    }
    return new TotemStats.SchedulerMisses(kept, Optional.ofNullable(newest));
  }

  private static OptionalLong unsigned(String value) {
    try {
      long v = Long.parseLong(value.strip());
      return v < 0 ? OptionalLong.empty() : OptionalLong.of(v);
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** A finite, non-negative decimal as cmapctl prints a flt ("3531.353027"); empty otherwise. */
  private static Optional<Double> decimal(String value) {
    if (value == null || !DECIMAL.matcher(value.strip()).matches()) {
      return Optional.empty();
    }
    return Optional.of(Double.parseDouble(value.strip()));
  }
}
