package dev.corosyncexporter.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class KnetStatsParserTest {

  /** The links' state, latency, MTU and down count; their counters are checked on their own. */
  private static List<KnetLink> links(String fixture) throws ParseException {
    return KnetStatsParser.parse(CmapctlParser.parse(Fixtures.out(fixture)), 1).stream()
        .map(
            l ->
                new KnetLink(
                    l.peerId(),
                    l.link(),
                    l.enabled(),
                    l.connected(),
                    l.mtuBytes(),
                    l.latencySeconds(),
                    l.downCount()))
        .toList();
  }

  private static KnetLink link(
      long peer, int link, boolean connected, long latencyMicros, long downCount) {
    return new KnetLink(
        peer,
        link,
        true,
        connected,
        OptionalLong.of(1446),
        OptionalDouble.of(latencyMicros / 1e6),
        OptionalLong.of(downCount));
  }

  @Test
  void healthyTwoLinks() throws ParseException {
    List<KnetLink> l = links("cmapctl-stats-knet-2n-healthy");
    assertThat(l).containsExactly(link(2, 0, true, 390, 1), link(2, 1, true, 293, 1));
    assertThat(l.get(0).latencySeconds().getAsDouble()).isCloseTo(0.000390, within(1e-12));
  }

  @Test
  void singleKeysGiveTheSameLinks() throws ParseException {
    assertThat(links("cmapctl-stats-keys-2n-healthy"))
        .isEqualTo(links("cmapctl-stats-knet-2n-healthy"));
  }

  @Test
  void countersFromThePrefixModeQuery() throws ParseException {
    List<KnetLink> l =
        KnetStatsParser.parse(CmapctlParser.parse(Fixtures.out("cmapctl-stats-3n-healthy")), 1);
    assertThat(l)
        .extracting(KnetLink::peerId, KnetLink::link, KnetLink::connected)
        .containsExactly(
            tuple(2L, 0, true), tuple(2L, 1, true), tuple(3L, 0, true), tuple(3L, 1, true));
    assertThat(l.get(0).traffic())
        .isEqualTo(
            new KnetLink.Traffic(
                OptionalLong.of(6),
                OptionalLong.of(4),
                OptionalLong.of(1),
                OptionalLong.of(0),
                OptionalLong.of(106),
                OptionalLong.of(62),
                OptionalLong.of(13052),
                OptionalLong.of(9684)));
    assertThat(l.get(0).latencySeconds().getAsDouble()).isCloseTo(0.000136, within(1e-12));
  }

  @Test
  void aCounterAbsentOrNotANumberIsEmpty() throws ParseException {
    CmapEntries stats =
        CmapctlParser.parse(
            """
            stats.knet.node2.link0.enabled (u8) = 1
            stats.knet.node2.link0.connected (u8) = 1
            stats.knet.node2.link0.tx_ping_packets (u64) = 12
            stats.knet.node2.link0.rx_pong_packets (u64) = lots
            stats.knet.node2.link0.rx_data_bytes (u64) = 99999999999999999999
            """);
    KnetLink.Traffic t = KnetStatsParser.parse(stats, 1).get(0).traffic();
    assertThat(t.pingsSent()).isEqualTo(OptionalLong.of(12));
    assertThat(t.pongsReceived()).as("not a number").isEmpty();
    assertThat(t.dataReceivedBytes()).as("beyond a long").isEmpty();
    assertThat(t.sendRetries()).as("absent").isEmpty();
  }

  @Test
  void theOldGetOfSixKeysHasNoCounters() throws ParseException {
    KnetLink.Traffic t =
        KnetStatsParser.parse(CmapctlParser.parse(Fixtures.out("cmapctl-stats-keys-2n-healthy")), 1)
            .get(0)
            .traffic();
    assertThat(t.pingsSent()).isEmpty();
    assertThat(t.sendErrors()).as("tx_total_errors was among its keys").hasValue(0);
  }

  @Test
  void cutLink() throws ParseException {
    assertThat(links("cmapctl-stats-knet-link1-cut"))
        .containsExactly(link(2, 0, true, 380, 1), link(2, 1, false, 293, 2));
  }

  @Test
  void isolatedPeer() throws ParseException {
    assertThat(links("cmapctl-stats-knet-isolated-survivor"))
        .containsExactly(link(2, 0, false, 381, 2), link(2, 1, false, 293, 2));
  }

  @Test
  void peerDownOneLink() throws ParseException {
    assertThat(links("cmapctl-stats-knet-2n-peer-down")).containsExactly(link(2, 0, false, 230, 2));
  }

  @Test
  void localNodeIsLeftOutOnlyWhenItsIdIsGiven() throws ParseException {
    CmapEntries stats = CmapctlParser.parse(Fixtures.out("cmapctl-stats-knet-2n-peer-down"));
    List<KnetLink> all = KnetStatsParser.parse(stats, 0);
    assertThat(all).extracting(KnetLink::peerId).containsExactly(1L, 2L);
    KnetLink loopback = all.get(0);
    assertThat(loopback.mtuBytes()).isEqualTo(OptionalLong.of(65535));
    assertThat(loopback.latencySeconds()).as("no samples").isEmpty();
  }

  @Test
  void sortedByPeerThenLinkWhateverTheKeyOrder() throws ParseException {
    CmapEntries stats =
        CmapctlParser.parse(
            """
            stats.knet.node10.link0.enabled (u8) = 1
            stats.knet.node10.link0.connected (u8) = 0
            stats.knet.node3.link1.enabled (u8) = 1
            stats.knet.node3.link1.connected (u8) = 1
            stats.knet.node3.link0.enabled (u8) = 0
            stats.knet.node3.link0.connected (u8) = 0
            stats.knet.node3.link0.latency_ave (u32) = 500
            stats.knet.node3.link0.latency_samples (u32) = 0
            stats.knet.handle.tx_crypt_packets (u64) = 5
            """);
    assertThat(KnetStatsParser.parse(stats, 1))
        .containsExactly(
            new KnetLink(
                3,
                0,
                false,
                false,
                OptionalLong.empty(),
                OptionalDouble.empty(),
                OptionalLong.empty()),
            new KnetLink(
                3,
                1,
                true,
                true,
                OptionalLong.empty(),
                OptionalDouble.empty(),
                OptionalLong.empty()),
            new KnetLink(
                10,
                0,
                true,
                false,
                OptionalLong.empty(),
                OptionalDouble.empty(),
                OptionalLong.empty()));
  }

  @Test
  void linkWithoutEnabledOrConnectedIsLeftOut() throws ParseException {
    CmapEntries stats =
        CmapctlParser.parse(
            """
            stats.knet.node2.link0.mtu (u32) = 1446
            stats.knet.node2.link0.connected (u8) = 1
            stats.knet.node2.link1.enabled (u8) = x
            stats.knet.node2.link1.connected (u8) = 1
            """);
    assertThat(KnetStatsParser.parse(stats, 1)).isEmpty();
  }
}
