package dev.corosyncexporter.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.corosyncexporter.parse.CmapctlParser;
import dev.corosyncexporter.parse.ParseException;
import dev.corosyncexporter.parse.TotemStatsParser;
import org.junit.jupiter.api.Test;

/** The totem series the links collector adds, from recorded stats-map listings. */
class TotemSeriesTest {

  private static SampleSink emitted(String fixture) throws ParseException {
    SampleSink sink = new SampleSink();
    TotemSeries.emit(
        TotemStatsParser.parse(CmapctlParser.parse(ReplayCommandRunner.read(fixture + ".out"))),
        sink);
    return sink;
  }

  @Test
  void theNewestSchedulerMissInSeconds() throws ParseException {
    assertThat(emitted("cmapctl-stats-schedmiss-node2").samples())
        .extracting(s -> s.metric().name(), Sample::value)
        .containsExactly(
            tuple("corosync_scheduler_misses_kept", 1.0),
            tuple("corosync_scheduler_miss_last_timestamp_seconds", 1796676497.135),
            tuple("corosync_scheduler_miss_last_delay_seconds", 3.467046387));
  }

  @Test
  void srpCountersAndNoMissYet() throws ParseException {
    assertThat(emitted("cmapctl-stats-3n-healthy").samples())
        .extracting(s -> s.metric().name(), Sample::value)
        .containsExactly(
            tuple("corosync_totem_retransmits_total", 0.0),
            tuple("corosync_totem_token_lost_total", 0.0),
            tuple("corosync_totem_consensus_timeouts_total", 0.0),
            tuple("corosync_totem_gather_entered_total", 3.0),
            tuple("corosync_totem_continuous_gather", 0.0),
            tuple("corosync_totem_firewall_or_nic_failure", 0.0),
            tuple("corosync_scheduler_misses_kept", 0.0));
  }
}
