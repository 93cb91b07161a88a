package dev.corosyncexporter.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The /etc/pve files as the lab's real pmxcfs wrote them, and hand-written upstream formats. */
class PveFileParserTest {

  @Test
  void membersOfAHealthyCluster() throws ParseException {
    PmxcfsMembers m = PveFileParser.parseMembers(Fixtures.out("pve-members-2n-healthy"));
    assertThat(m.nodeName()).isEqualTo("node1");
    assertThat(m.cluster()).contains(new PmxcfsMembers.Cluster("lab", 1, 2, true));
    assertThat(m.members())
        .containsExactlyInAnyOrder(
            new PmxcfsMembers.Member("node1", 1, true), new PmxcfsMembers.Member("node2", 2, true));
  }

  @Test
  void theIsolatedNodeIsNotQuorateAndSeesItsPeerOffline() throws ParseException {
    PmxcfsMembers m = PveFileParser.parseMembers(Fixtures.out("pve-members-isolated-node"));
    assertThat(m.cluster().orElseThrow().quorate()).isFalse();
    assertThat(m.members()).contains(new PmxcfsMembers.Member("node1", 1, false));
    PmxcfsMembers survivor =
        PveFileParser.parseMembers(Fixtures.out("pve-members-isolated-survivor"));
    assertThat(survivor.cluster().orElseThrow().quorate()).isTrue();
    assertThat(survivor.members()).contains(new PmxcfsMembers.Member("node2", 2, false));
  }

  @Test
  void aNodeWithoutAClusterHasNameAndVersionOnly() throws ParseException {
    PmxcfsMembers m = PveFileParser.parseMembers(Fixtures.older("pve-members-not-clustered"));
    assertThat(m.nodeName()).isEqualTo("pve1");
    assertThat(m.cluster()).isEmpty();
    assertThat(m.members()).isEmpty();
  }

  @Test
  void lrmStatusWrittenThroughPmxcfs() throws ParseException {
    LrmStatus s = PveFileParser.parseLrmStatus(Fixtures.out("pve-lrm-status-active"));
    assertThat(s.state()).isEqualTo("active");
    assertThat(s.mode()).isEqualTo("active");
    assertThat(s.timestamp()).isGreaterThan(1.7e9);
  }

  @Test
  void pve9DisarmMode() throws ParseException {
    LrmStatus s = PveFileParser.parseLrmStatus(Fixtures.older("pve-lrm-status-pve9-disarm"));
    assertThat(s).isEqualTo(new LrmStatus(1796220000, "active", "disarm"));
  }

  @Test
  void managerStatusOfTheLab() throws ParseException {
    HaManagerStatus m =
        PveFileParser.parseManagerStatus(Fixtures.out("pve-manager-status-2n-healthy"));
    assertThat(m.masterNode()).isEqualTo("node1");
    assertThat(m.nodeStatus()).isEqualTo(Map.of("node1", "online", "node2", "online"));
    assertThat(m.serviceStates()).isEmpty();
    assertThat(m.disarm()).isEmpty();
  }

  @Test
  void managerStatusWithAFencedNodeAndDisarm() throws ParseException {
    HaManagerStatus m =
        PveFileParser.parseManagerStatus(Fixtures.older("pve-manager-status-fence-disarm"));
    assertThat(m.nodeStatus())
        .containsEntry("node2", "fence")
        .containsEntry("node3", "maintenance")
        .containsEntry("node4", "gone");
    assertThat(m.serviceStates())
        .isEqualTo(Map.of("started", 1, "stopped", 1, "fence", 2, "freeze", 1, "recovery", 1));
    assertThat(m.disarm()).contains(new HaManagerStatus.Disarm("disarmed", "freeze"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"version\": 5}",
        "{\"nodename\": 1, \"version\": 5}",
        "{\"nodename\": \"n\", \"version\": \"5\"}",
        "{\"nodename\": \"n\", \"version\": 5, \"cluster\": []}",
        "{\"nodename\": \"n\", \"version\": 5, \"cluster\": {\"name\": \"lab\", \"version\": 1,"
            + " \"nodes\": 2, \"quorate\": 2}, \"nodelist\": {}}",
        "{\"nodename\": \"n\", \"version\": 5, \"cluster\": {\"name\": \"lab\", \"version\": 1,"
            + " \"nodes\": 2, \"quorate\": 1}}",
        "{\"nodename\": \"n\", \"version\": 5, \"cluster\": {\"name\": \"lab\", \"version\": 1,"
            + " \"nodes\": 2, \"quorate\": 1}, \"nodelist\": {\"a\": {\"id\": 1}}}",
        "{\"nodename\": \"n\", \"version\": 5} {\"nodename\": \"n\", \"version\": 5}",
        "{\"nodename\": \"n\", \"nodename\": \"m\", \"version\": 5}",
        "[1]",
        "{\"nodename\": \"n\", \"version\": 5"
      })
  void membersRefusedWithAReason(String text) {
    assertThatThrownBy(() -> PveFileParser.parseMembers(text))
        .isInstanceOf(ParseException.class)
        .hasMessageStartingWith("/etc/pve/.members: ");
  }

  @Test
  void reasonsNameTheField() {
    assertThatThrownBy(() -> PveFileParser.parseLrmStatus("{\"timestamp\": 1, \"state\": \"x\"}"))
        .hasMessageContaining("\"mode\" missing");
    assertThatThrownBy(
            () ->
                PveFileParser.parseLrmStatus(
                    "{\"timestamp\": \"1\", \"state\": \"x\", \"mode\": \"y\"}"))
        .hasMessageContaining("\"timestamp\" is not a time in seconds");
    assertThatThrownBy(
            () ->
                PveFileParser.parseManagerStatus(
                    "{\"master_node\": \"a\", \"timestamp\": 1, \"node_status\": {\"a\": 1}}"))
        .hasMessageContaining("\"a\" is not a string");
    assertThatThrownBy(
            () ->
                PveFileParser.parseManagerStatus(
                    "{\"master_node\": \"a\", \"timestamp\": 1, \"node_status\": {},"
                        + " \"service_status\": {\"vm:1\": {\"node\": \"a\"}}}"))
        .hasMessageContaining("\"state\" missing");
    assertThatThrownBy(
            () ->
                PveFileParser.parseManagerStatus(
                    "{\"master_node\": \"a\", \"timestamp\": 1, \"node_status\": {},"
                        + " \"disarm\": {\"state\": \"disarmed\"}}"))
        .hasMessageContaining("\"mode\" missing");
    assertThatThrownBy(() -> PveFileParser.parseManagerStatus("{\"master_node\": \"a\"}"))
        .hasMessageContaining("\"node_status\" missing");
  }

  @Test
  void everyRecordedMembersFileParses() throws ParseException {
    for (String f : List.of("pve-members-2n-healthy", "pve-members-isolated-node")) {
      assertThat(PveFileParser.parseMembers(Fixtures.out(f)).cluster()).isPresent();
    }
  }
}
