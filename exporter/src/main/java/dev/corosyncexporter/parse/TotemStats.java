package dev.corosyncexporter.parse;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Node-level totem health from corosync's stats map: the srp protocol counters and the scheduler
 * misses corosync recorded. Each srp value is empty when its key is absent (corosync before 3.0 has
 * no stats.srp.) or not a number.
 *
 * @param retransmits {@code stats.srp.mcast_retx}
 * @param tokenLost {@code stats.srp.operational_token_lost}
 * @param consensusTimeouts {@code stats.srp.consensus_timeouts}
 * @param gatherEntered {@code stats.srp.gather_entered}
 * @param continuousGather {@code stats.srp.continuous_gather}: gather rounds in a row without a
 *     ring
 * @param firewallOrNicFailure {@code stats.srp.firewall_enabled_or_nic_failure} (0 or 1)
 * @param schedulerMisses the {@code stats.schedmiss.N.*} entries
 */
public record TotemStats(
    OptionalLong retransmits,
    OptionalLong tokenLost,
    OptionalLong consensusTimeouts,
    OptionalLong gatherEntered,
    OptionalLong continuousGather,
    OptionalLong firewallOrNicFailure,
    SchedulerMisses schedulerMisses) {

  /**
   * The scheduler misses corosync keeps (at most 10, the newest at index 0).
   *
   * @param kept entries read whole (timestamp and delay both numbers); 0 until the first miss
   * @param newest the entry with the largest timestamp; empty when none is kept
   */
  public record SchedulerMisses(int kept, Optional<Miss> newest) {}

  /**
   * One scheduler miss.
   *
   * @param timestampMillis when corosync noticed it, ms since the epoch (wall clock)
   * @param delayMillis how late corosync's main loop ran, ms
   */
  public record Miss(long timestampMillis, double delayMillis) {}
}
