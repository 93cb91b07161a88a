package dev.corosyncexporter.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CmapctlParserTest {

  @Test
  void configKeysInPrintedOrder() throws ParseException {
    CmapEntries e = CmapctlParser.parse(Fixtures.out("cmapctl-config-2n-qd"));
    assertThat(e.entries()).hasSize(22);
    assertThat(e.entries().keySet()).first().isEqualTo("totem.cluster_name");
    assertThat(e.entries().get("totem.cluster_name"))
        .isEqualTo(new CmapEntries.Entry("str", "lab"));
    assertThat(e.entries().get("totem.config_version"))
        .isEqualTo(new CmapEntries.Entry("u64", "1"));
    assertThat(e.string("quorum.device.net.host")).contains("192.0.2.100");
    assertThat(e.number("runtime.votequorum.this_node_id")).isEqualTo(OptionalLong.of(1));
  }

  @Test
  void fullDumpKeepsTrailingSpacesAndReadsEveryType() throws ParseException {
    CmapEntries e = CmapctlParser.parse(Fixtures.out("cmapctl-all-2n-qd"));
    assertThat(e.entries()).hasSize(148);
    assertThat(e.string("runtime.members.1.ip"))
        .contains("r(0) ip(192.0.2.11) r(1) ip(198.51.100.11) ");
    assertThat(e.entries().get("resources.system.load_15min.current"))
        .isEqualTo(new CmapEntries.Entry("dbl", "0.000000"));
    assertThat(e.entries().get("resources.system.memory_used.current").type()).isEqualTo("i32");
    assertThat(e.entries().get("runtime.services.cmap.service_id"))
        .isEqualTo(new CmapEntries.Entry("u16", "0"));
  }

  @Test
  void statsMapIncludingHandleKeys() throws ParseException {
    CmapEntries e = CmapctlParser.parse(Fixtures.out("cmapctl-stats-knet-2n-healthy"));
    assertThat(e.entries()).hasSize(139);
    assertThat(e.entries().get("stats.knet.handle.rx_compress_time_min"))
        .isEqualTo(new CmapEntries.Entry("u64", "18446744073709551615"));
    assertThat(e.number("stats.knet.handle.rx_compress_time_min")).isEqualTo(OptionalLong.of(-1L));
  }

  @Test
  void getOfSingleKeys() throws ParseException {
    CmapEntries e = CmapctlParser.parse(Fixtures.out("cmapctl-stats-keys-2n-healthy"));
    assertThat(e.entries()).hasSize(16);
    assertThat(e.number("stats.knet.node2.link1.latency_ave")).isEqualTo(OptionalLong.of(293));
  }

  @Test
  void fltValuesOfSchedulerMisses() throws ParseException {
    // As cmapctl printed them after a 3.0 s SIGSTOP of corosync in the lab.
    CmapEntries e =
        CmapctlParser.parse(
            """
            stats.schedmiss.0.delay (flt) = 3531.353027
            stats.schedmiss.0.timestamp (u64) = 1796672754707
            """);
    assertThat(e.entries().get("stats.schedmiss.0.delay"))
        .isEqualTo(new CmapEntries.Entry("flt", "3531.353027"));
    assertThat(e.number("stats.schedmiss.0.timestamp")).hasValue(1796672754707L);
  }

  @Test
  void binKeysHaveNoValue() throws ParseException {
    CmapEntries e = CmapctlParser.parse("a.b (bin)\nc.d (bin) = 01 02\n");
    assertThat(e.entries().get("a.b")).isEqualTo(new CmapEntries.Entry("bin", ""));
    assertThat(e.entries().get("c.d")).isEqualTo(new CmapEntries.Entry("bin", "01 02"));
  }

  @Test
  void duplicateKeyKeepsFirstPositionAndLastValue() throws ParseException {
    CmapEntries e = CmapctlParser.parse("x (u32) = 1\ny (str) = a\nx (u32) = 2\n");
    assertThat(e.entries().keySet()).containsExactly("x", "y");
    assertThat(e.number("x")).isEqualTo(OptionalLong.of(2));
  }

  @Test
  void unknownLinesAreSkipped() throws ParseException {
    CmapEntries e =
        CmapctlParser.parse(
            "Can't get value of x. Error CS_ERR_LIBRARY\nk (u8) = 1\nk2 (weird) = 3\nk3 (u32)\n");
    assertThat(e.entries().keySet()).containsExactly("k");
  }

  @Test
  void valueMayContainEqualsAndParentheses() throws ParseException {
    CmapEntries e = CmapctlParser.parse("k (str) = a = (b)\r\n");
    assertThat(e.string("k")).contains("a = (b)");
  }

  @Test
  void blankOutputIsEmpty() throws ParseException {
    assertThat(CmapctlParser.parse(Fixtures.out("cmapctl-corosync-down")).entries()).isEmpty();
    assertThat(CmapctlParser.parse("\n\n").entries()).isEmpty();
  }

  @Test
  void outputWithoutAnyKeyLineFails() {
    assertThatThrownBy(() -> CmapctlParser.parse("\nlab\n"))
        .isInstanceOfSatisfying(
            ParseException.class,
            e -> {
              assertThat(e.tool()).isEqualTo("corosync-cmapctl");
              assertThat(e.lineNumber()).isEqualTo(2);
              assertThat(e.line()).isEqualTo("lab");
            });
  }
}
