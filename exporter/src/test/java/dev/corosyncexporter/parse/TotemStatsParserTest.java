package dev.corosyncexporter.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class TotemStatsParserTest {

  private static TotemStats totem(String cmapctlOutput) throws ParseException {
    return TotemStatsParser.parse(CmapctlParser.parse(cmapctlOutput));
  }

  @Test
  void srpCountersFromTheStatsQuery() throws ParseException {
    TotemStats t = totem(Fixtures.out("cmapctl-stats-3n-healthy"));
    assertThat(t.retransmits()).isEqualTo(OptionalLong.of(0));
    assertThat(t.tokenLost()).isEqualTo(OptionalLong.of(0));
    assertThat(t.consensusTimeouts()).isEqualTo(OptionalLong.of(0));
    assertThat(t.gatherEntered()).isEqualTo(OptionalLong.of(3));
    assertThat(t.continuousGather()).isEqualTo(OptionalLong.of(0));
    assertThat(t.firewallOrNicFailure()).isEqualTo(OptionalLong.of(0));
    assertThat(t.schedulerMisses())
        .as("no stats.schedmiss. keys: none yet")
        .isEqualTo(new TotemStats.SchedulerMisses(0, Optional.empty()));
  }

  @Test
  void aRecordedSchedulerMiss() throws ParseException {
    TotemStats t = totem(Fixtures.out("cmapctl-stats-schedmiss-node2"));
    assertThat(t.schedulerMisses())
        .isEqualTo(
            new TotemStats.SchedulerMisses(
                1, Optional.of(new TotemStats.Miss(1796676497135L, 3467.046387))));
    assertThat(t.retransmits()).as("no srp key in a schedmiss listing").isEmpty();
  }

  @Test
  void withoutSrpKeysEverySrpValueIsEmpty() throws ParseException {
    // A knet-only walk, as from a corosync without stats.srp.
    TotemStats t = totem(Fixtures.out("cmapctl-stats-knet-2n-healthy"));
    assertThat(t)
        .isEqualTo(
            new TotemStats(
                OptionalLong.empty(),
                OptionalLong.empty(),
                OptionalLong.empty(),
                OptionalLong.empty(),
                OptionalLong.empty(),
                OptionalLong.empty(),
                new TotemStats.SchedulerMisses(0, Optional.empty())));
  }

  @Test
  void newestIsTheLargestTimestampNotIndexZero() throws ParseException {
    // As a listing taken while corosync rotated its entries could show them.
    TotemStats t =
        totem(
            """
            stats.schedmiss.0.delay (flt) = 3531.353027
            stats.schedmiss.0.timestamp (u64) = 1796672754707
            stats.schedmiss.1.delay (flt) = 120.500000
            stats.schedmiss.1.timestamp (u64) = 1796672999000
            stats.schedmiss.2.delay (flt) = 80.000000
            stats.schedmiss.2.timestamp (u64) = 1796672000000
            """);
    assertThat(t.schedulerMisses())
        .isEqualTo(
            new TotemStats.SchedulerMisses(
                3, Optional.of(new TotemStats.Miss(1796672999000L, 120.5))));
  }

  @Test
  void halfOrGarbledEntriesAndIndexesBeyondNineAreLeftOut() throws ParseException {
    TotemStats t =
        totem(
            """
            stats.schedmiss.0.delay (flt) = 3531.353027
            stats.schedmiss.0.timestamp (u64) = 1796672754707
            stats.schedmiss.1.timestamp (u64) = 1796672999000
            stats.schedmiss.2.delay (flt) = nan
            stats.schedmiss.2.timestamp (u64) = 1796672999001
            stats.schedmiss.3.delay (flt) = 1e9
            stats.schedmiss.3.timestamp (u64) = 1796672999002
            stats.schedmiss.4.delay (flt) = -5.000000
            stats.schedmiss.4.timestamp (u64) = 1796672999003
            stats.schedmiss.5.delay (flt) = 12.000000
            stats.schedmiss.5.timestamp (u64) = soon
            stats.schedmiss.6.delay (flt) = 12.000000
            stats.schedmiss.10.delay (flt) = 99.000000
            stats.schedmiss.10.timestamp (u64) = 1796672999999
            stats.schedmiss.4294967296.timestamp (u64) = 1796672999999
            stats.schedmiss.x.timestamp (u64) = 1796672999999
            """);
    assertThat(t.schedulerMisses())
        .isEqualTo(
            new TotemStats.SchedulerMisses(
                1, Optional.of(new TotemStats.Miss(1796672754707L, 3531.353027))));
  }

  @Test
  void garbledSrpValuesAreEmpty() throws ParseException {
    TotemStats t =
        totem(
            """
            stats.srp.mcast_retx (u64) = many
            stats.srp.operational_token_lost (u64) = 2
            """);
    assertThat(t.retransmits()).isEmpty();
    assertThat(t.tokenLost()).isEqualTo(OptionalLong.of(2));
  }
}
