package dev.corosyncexporter.collector;

import dev.corosyncexporter.parse.TotemStats;
import java.util.List;
import java.util.OptionalLong;

/**
 * Totem health from the stats map: the srp counters and the scheduler misses. Reported by {@link
 * LinksCollector}, which reads them in its one stats query: a collector of their own would need a
 * second corosync-cmapctl run per scrape, and connection setup dominates its cost (measured: +1.2
 * ticks of corosync CPU, about doubling the stats query).
 */
final class TotemSeries {
  static final MetricDef RETRANSMITS =
      MetricDef.counter(
          "corosync_totem_retransmits_total",
          "Messages totem retransmitted (stats.srp.mcast_retx; corosync logs \"Retransmit List\").");
  static final MetricDef TOKEN_LOST =
      MetricDef.counter(
          "corosync_totem_token_lost_total",
          "Times the token was lost in operational state, forming a new configuration"
              + " (stats.srp.operational_token_lost).");
  static final MetricDef CONSENSUS_TIMEOUTS =
      MetricDef.counter(
          "corosync_totem_consensus_timeouts_total",
          "Times consensus was not reached in time (stats.srp.consensus_timeouts).");
  static final MetricDef GATHER_ENTERED =
      MetricDef.counter(
          "corosync_totem_gather_entered_total",
          "Times totem entered the gather state to form a membership (stats.srp.gather_entered).");
  static final MetricDef CONTINUOUS_GATHER =
      MetricDef.gauge(
          "corosync_totem_continuous_gather",
          "Gather rounds in a row without forming a ring (stats.srp.continuous_gather).");
  static final MetricDef FIREWALL_OR_NIC_FAILURE =
      MetricDef.gauge(
          "corosync_totem_firewall_or_nic_failure",
          "1 when corosync suspects a firewall or NIC failure: more than 3 gather rounds in a row"
              + " (stats.srp.firewall_enabled_or_nic_failure).");
  static final MetricDef SCHEDULER_MISSES_KEPT =
      MetricDef.gauge(
          "corosync_scheduler_misses_kept",
          "Scheduler misses corosync keeps (stats.schedmiss.N, at most 10; 0 = none yet).");
  static final MetricDef SCHEDULER_MISS_LAST_TIMESTAMP =
      MetricDef.gauge(
          "corosync_scheduler_miss_last_timestamp_seconds",
          "When the newest kept scheduler miss happened, seconds since the epoch.");
  static final MetricDef SCHEDULER_MISS_LAST_DELAY =
      MetricDef.gauge(
          "corosync_scheduler_miss_last_delay_seconds",
          "How late corosync's main loop ran at the newest kept scheduler miss.");

  static final MetricDef[] METRICS = {
    RETRANSMITS,
    TOKEN_LOST,
    CONSENSUS_TIMEOUTS,
    GATHER_ENTERED,
    CONTINUOUS_GATHER,
    FIREWALL_OR_NIC_FAILURE,
    SCHEDULER_MISSES_KEPT,
    SCHEDULER_MISS_LAST_TIMESTAMP,
    SCHEDULER_MISS_LAST_DELAY
  };

  /** The srp keys asked for by exact name (each a key, none a prefix of another). */
  static final List<String> SRP_KEYS =
      List.of(
          "stats.srp.mcast_retx",
          "stats.srp.operational_token_lost",
          "stats.srp.consensus_timeouts",
          "stats.srp.gather_entered",
          "stats.srp.continuous_gather",
          "stats.srp.firewall_enabled_or_nic_failure");

  /**
   * Scheduler misses are listed by prefix: their keys exist only after a miss, and cmapctl -g
   * cannot read them (CS_ERR_LIBRARY even when the key exists).
   */
  static final String SCHEDMISS_PREFIX = "stats.schedmiss.";

  private static final double MILLIS_PER_SECOND = 1000.0;

  private TotemSeries() {}

  /** The srp series present in {@code stats}, and the scheduler misses (kept always). */
  static void emit(TotemStats stats, SampleSink sink) {
    add(sink, RETRANSMITS, stats.retransmits());
    add(sink, TOKEN_LOST, stats.tokenLost());
    add(sink, CONSENSUS_TIMEOUTS, stats.consensusTimeouts());
    add(sink, GATHER_ENTERED, stats.gatherEntered());
    add(sink, CONTINUOUS_GATHER, stats.continuousGather());
    add(sink, FIREWALL_OR_NIC_FAILURE, stats.firewallOrNicFailure());
    TotemStats.SchedulerMisses misses = stats.schedulerMisses();
    sink.add(SCHEDULER_MISSES_KEPT, misses.kept());
    misses
        .newest()
        .ifPresent(
            m -> {
              sink.add(SCHEDULER_MISS_LAST_TIMESTAMP, m.timestampMillis() / MILLIS_PER_SECOND);
              sink.add(SCHEDULER_MISS_LAST_DELAY, m.delayMillis() / MILLIS_PER_SECOND);
            });
  }

  private static void add(SampleSink sink, MetricDef metric, OptionalLong value) {
    value.ifPresent(v -> sink.add(metric, (double) v));
  }
}
