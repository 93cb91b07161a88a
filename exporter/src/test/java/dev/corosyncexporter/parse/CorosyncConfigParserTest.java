package dev.corosyncexporter.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.corosyncexporter.parse.CorosyncConfig.Node;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CorosyncConfigParserTest {

  private static CorosyncConfig config(String cmapctlOutput) throws ParseException {
    return CorosyncConfigParser.parse(CmapctlParser.parse(cmapctlOutput));
  }

  @Test
  void twoNodesTwoLinksWithQdevice() throws ParseException {
    CorosyncConfig c = config(Fixtures.out("cmapctl-config-2n-qd"));
    assertThat(c.clusterName()).isEqualTo("lab");
    assertThat(c.configVersion()).isEqualTo(OptionalLong.of(1));
    assertThat(c.nodes())
        .containsExactly(
            new Node(1, "node1", 1, true, "192.0.2.11"),
            new Node(2, "node2", 1, true, "192.0.2.12"));
    assertThat(c.links()).isEqualTo(2);
    assertThat(c.qdeviceModel()).contains("net");
    assertThat(c.qdeviceVotes()).isEqualTo(OptionalInt.of(1));
    assertThat(c.localNodeId()).isEqualTo(1);
    assertThat(c.configuredVotes()).isEqualTo(3);
    assertThat(c.localNodeName()).contains("node1");
  }

  @Test
  void fullDumpGivesTheSameConfig() throws ParseException {
    CorosyncConfig full = config(Fixtures.out("cmapctl-all-2n-qd"));
    CorosyncConfig query = config(Fixtures.out("cmapctl-config-2n-qd"));
    assertThat(query.timeouts())
        .as("recorded before the query asked for runtime.config.totem.")
        .isEqualTo(CorosyncConfig.Timeouts.NONE);
    assertThat(full.timeouts().tokenMillis()).hasValue(3000);
    assertThat(full).usingRecursiveComparison().ignoringFields("timeouts").isEqualTo(query);
  }

  @Test
  void timeoutsInForce() throws ParseException {
    CorosyncConfig.Timeouts t = config(Fixtures.out("cmapctl-config-3n-totem")).timeouts();
    assertThat(t.tokenMillis()).hasValue(3650);
    assertThat(t.consensusMillis()).hasValue(4380);
    assertThat(t.tokenWarningPercent()).hasValue(75);
    CorosyncConfig.KnetPing ping =
        new CorosyncConfig.KnetPing(OptionalLong.of(912), OptionalLong.of(1825));
    assertThat(t.knetPing()).containsExactly(entry(0, ping), entry(1, ping));
  }

  @Test
  void theTimeoutQueryLeavesTheRestOfTheConfigAsBefore() throws ParseException {
    assertThat(config(Fixtures.out("cmapctl-config-3n-totem")))
        .usingRecursiveComparison()
        .ignoringFields("timeouts", "qdeviceModel", "qdeviceVotes")
        .isEqualTo(config(Fixtures.out("cmapctl-config-3n")));
  }

  @Test
  void garbledOrMissingTimeoutsAreEmpty() throws ParseException {
    CorosyncConfig.Timeouts t =
        config(
                """
                runtime.config.totem.token (u32) = soon
                runtime.config.totem.consensus (u32) = 4380
                runtime.config.totem.interface.1.knet_ping_timeout (u32) = 1825
                runtime.config.totem.interface.x.knet_ping_timeout (u32) = 1
                """)
            .timeouts();
    assertThat(t.tokenMillis()).isEmpty();
    assertThat(t.consensusMillis()).hasValue(4380);
    assertThat(t.tokenWarningPercent()).isEmpty();
    assertThat(t.knetPing())
        .containsExactly(
            entry(1, new CorosyncConfig.KnetPing(OptionalLong.empty(), OptionalLong.of(1825))));
  }

  @Test
  void oneLinkWithoutQdevice() throws ParseException {
    CorosyncConfig c = config(Fixtures.out("cmapctl-config-2n"));
    assertThat(c.links()).isEqualTo(1);
    assertThat(c.qdeviceConfigured()).isFalse();
    assertThat(c.qdeviceVotes()).isEmpty();
    assertThat(c.configuredVotes()).isEqualTo(2);
    assertThat(c.nodes())
        .containsExactly(
            new Node(1, "node1", 1, true, "192.0.2.11"),
            new Node(2, "node2", 1, true, "192.0.2.12"));
  }

  @Test
  void threeNodes() throws ParseException {
    CorosyncConfig c = config(Fixtures.out("cmapctl-config-3n"));
    assertThat(c.nodes()).extracting(Node::nodeId).containsExactly(1L, 2L, 3L);
    assertThat(c.nodes().get(2)).isEqualTo(new Node(3, "node3", 1, true, "192.0.2.13"));
    assertThat(c.links()).isEqualTo(2);
  }

  @Test
  void corosyncDownGivesAnEmptyConfig() throws ParseException {
    CorosyncConfig c = config(Fixtures.out("cmapctl-corosync-down"));
    assertThat(c.clusterName()).isEmpty();
    assertThat(c.nodes()).isEmpty();
    assertThat(c.links()).isZero();
    assertThat(c.localNodeId()).isZero();
    assertThat(c.configVersion()).isEmpty();
  }

  @Test
  void corosync2NodelistDefaults() throws ParseException {
    CorosyncConfig c =
        config(
            """
            nodelist.node.0.ring0_addr (str) = 10.0.0.1
            nodelist.node.1.ring0_addr (str) = 10.0.0.2
            nodelist.node.1.quorum_votes (u32) = 3
            nodelist.node.1.ring2_addr (str) = 10.2.0.2
            nodelist.node.10.nodeid (u32) = 77
            nodelist.node.10.name (str) = late
            """);
    assertThat(c.nodes())
        .containsExactly(
            new Node(1, "10.0.0.1", 1, false, "10.0.0.1"),
            new Node(2, "10.0.0.2", 3, false, "10.0.0.2"),
            new Node(77, "late", 1, true, ""));
    assertThat(c.links()).isEqualTo(3);
    assertThat(c.clusterName()).isEmpty();
  }

  @Test
  void nonNumericNodeIdFails() {
    assertThatThrownBy(() -> config("nodelist.node.0.nodeid (str) = one\n"))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("nodelist.node.0.nodeid");
  }

  @Test
  void qdeviceModelWithoutVotes() throws ParseException {
    CorosyncConfig c =
        config("quorum.device.model (str) = net\nnodelist.node.0.nodeid (u32) = 1\n");
    assertThat(c.qdeviceModel()).isEqualTo(Optional.of("net"));
    assertThat(c.qdeviceVotes()).isEmpty();
    assertThat(c.nodes()).containsExactly(new Node(1, "", 1, false, ""));
  }
}
