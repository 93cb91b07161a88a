package dev.corosyncexporter.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
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
    assertThat(s.timestamp().orElseThrow()).isGreaterThan(1.7e9);
  }

  @Test
  void pve9DisarmMode() throws ParseException {
    LrmStatus s = PveFileParser.parseLrmStatus(Fixtures.older("pve-lrm-status-pve9-disarm"));
    assertThat(s).isEqualTo(new LrmStatus(OptionalDouble.of(1796220000), "active", "disarm"));
  }

  @Test
  void managerStatusOfTheLab() throws ParseException {
    HaManagerStatus m =
        PveFileParser.parseManagerStatus(Fixtures.out("pve-manager-status-2n-healthy"));
    assertThat(m.masterNode()).contains("node1");
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
    assertThatThrownBy(() -> PveFileParser.parseManagerStatus("{\"master_node\": 1}"))
        .hasMessageContaining("\"master_node\" is not a string");
  }

  /**
   * What upstream's own readers accept: json_reader reads an empty file as {} (Config.pm 49–53),
   * the API checks master_node and timestamp before use (API2/HA/Status.pm 187) and shows an
   * lrm_status without timestamp (255–266).
   */
  @Test
  void acceptsWhatUpstreamsReadersAccept() throws ParseException {
    assertThat(PveFileParser.parseManagerStatus("").isEmpty()).isTrue();
    assertThat(PveFileParser.parseManagerStatus("{}").isEmpty()).isTrue();
    HaManagerStatus noMaster =
        PveFileParser.parseManagerStatus("{\"node_status\": {\"a\": \"online\"}}");
    assertThat(noMaster.masterNode()).isEmpty();
    assertThat(noMaster.timestamp()).isEmpty();
    assertThat(noMaster.nodeStatus()).containsEntry("a", "online");
    LrmStatus noTime =
        PveFileParser.parseLrmStatus("{\"state\": \"active\", \"mode\": \"active\"}");
    assertThat(noTime).isEqualTo(new LrmStatus(OptionalDouble.empty(), "active", "active"));
  }

  /**
   * Strict about everything else: a blank (not empty) file, names that are not node names, values
   * that could not be a state (they become label values), impossible or repeated node ids.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        " \n",
        "{\"master_node\": \"a\\nb\"}",
        "{\"master_node\": \"../x\"}",
        "{\"node_status\": {\"a\\u001b[31m\": \"online\"}}",
        "{\"node_status\": {\"a\": \"on\\u0000line\"}}",
        "{\"service_status\": {\"vm:1\": {\"state\": \"started\\r\"}}}",
        "{\"disarm\": {\"state\": \"DISARMED\", \"mode\": \"freeze\"}}",
        "{} {}",
        "{\"timestamp\": 1, \"timestamp\": 2}"
      })
  void managerStatusRefusedWithAReason(String text) {
    assertThatThrownBy(() -> PveFileParser.parseManagerStatus(text))
        .isInstanceOf(ParseException.class)
        .hasMessageStartingWith("/etc/pve/ha/manager_status: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\r", "\u001b", "\u0000"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"state\": \"act\\nive\", \"mode\": \"active\"}",
        "{\"state\": \"active\", \"mode\": \"\\u001b]0;x\\u0007\"}",
        "{\"state\": \"active\", \"mode\": \"active\", \"timestamp\": \"now\"}",
        ""
      })
  void lrmStatusRefusedWithAReason(String text) {
    assertThatThrownBy(() -> PveFileParser.parseLrmStatus(text))
        .isInstanceOf(ParseException.class)
        .hasMessageStartingWith("lrm_status: ");
  }

  private static String members(String nodelist) {
    return "{\"nodename\": \"node1\", \"version\": 5, \"cluster\": {\"name\": \"lab\","
        + " \"version\": 1, \"nodes\": 2, \"quorate\": 1}, \"nodelist\": {"
        + nodelist
        + "}}";
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"a\": {\"id\": -5, \"online\": 1}",
        "\"a\": {\"id\": 0, \"online\": 1}",
        "\"a\": {\"id\": 4294967296, \"online\": 1}",
        "\"a\": {\"id\": 1, \"online\": 1}, \"b\": {\"id\": 1, \"online\": 1}",
        "\"a\\nb\": {\"id\": 1, \"online\": 1}",
        "\"a b\": {\"id\": 1, \"online\": 1}"
      })
  void impossibleMembersRefused(String nodelist) {
    assertThatThrownBy(() -> PveFileParser.parseMembers(members(nodelist)))
        .isInstanceOf(ParseException.class)
        .hasMessageStartingWith("/etc/pve/.members: ");
  }

  @Test
  void aMemberNamedByItsAddressIsAMember() throws ParseException {
    PmxcfsMembers m =
        PveFileParser.parseMembers(
            members(
                "\"10.0.0.1\": {\"id\": 1, \"online\": 1}, \"fd00::2\": {\"id\": 4294967295,"
                    + " \"online\": 0}"));
    assertThat(m.members())
        .containsExactly(
            new PmxcfsMembers.Member("10.0.0.1", 1, true),
            new PmxcfsMembers.Member("fd00::2", 4294967295L, false));
  }

  @Test
  void everyRecordedMembersFileParses() throws ParseException {
    for (String f : List.of("pve-members-2n-healthy", "pve-members-isolated-node")) {
      assertThat(PveFileParser.parseMembers(Fixtures.out(f)).cluster()).isPresent();
    }
  }
}
