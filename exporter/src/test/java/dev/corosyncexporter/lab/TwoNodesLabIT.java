package dev.corosyncexporter.lab;

import static dev.corosyncexporter.lab.Lab.awaitScrape;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two nodes, no QDevice, one link: the Proxmox default that blocks all activity when either node
 * dies; node2's nodelist entry has no name (possible with one link only). The scenarios run in
 * order ({@code @Order}) and each builds on the last, down to corosync itself stopping: a failure
 * early in the class cascades into the ones after it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodesLabIT {
  private static final int TOOLS_PORT = 9681;
  @AutoClose private static Lab lab;
  private static String node1;

  @BeforeAll
  static void up() {
    lab = Lab.up("--nodes", "2", "--links", "1", "--unnamed", "node2");
    node1 = lab.startExporter("node1");
  }

  @Test
  @Order(1)
  void healthyWithoutQdeviceHasNoQdeviceSeries() {
    Exposition m = awaitScrape(node1, e -> e.value("corosync_membership_nodes").orElse(0) == 2);
    assertThat(m.value("corosync_quorate")).hasValue(1);
    assertThat(m.value("corosync_quorum_total_votes")).hasValue(2);
    assertThat(m.value("corosync_quorum_required_votes")).hasValue(2);
    assertThat(m.value("corosync_config_links")).hasValue(1);
    assertThat(m.has("corosync_qdevice_up")).isFalse();
    assertThat(m.has("corosync_qdevice_votes")).isFalse();
    assertThat(m.has("corosync_qdevice_configured_votes")).isFalse();
    assertThat(m.collectorSuccess("qdevice")).hasValue(1);
    // With -p the Qdevice column is always there: no registration reads as registered 0.
    assertThat(m.value("corosync_member_qdevice_flag", "member_id", "2", "flag", "registered"))
        .hasValue(0);
    assertThat(m.find("corosync_knet_link_connected")).hasSize(1);
  }

  /**
   * A member without a nodelist name: quorumtool prints its link-0 address named back by
   * getnameinfo (the lab's /etc/hosts says node2), not the address the configuration falls back to.
   * The default (connection path) prints the same as the tool path.
   */
  @Test
  @Order(2)
  void anUnnamedMemberHasTheNameQuorumtoolPrints() {
    String tools =
        lab.startExporter(
            "node1",
            "tools",
            TOOLS_PORT,
            "--collector.quorum.source=quorumtool",
            "--collector.links.source=stats");
    try {
      for (String url : new String[] {node1, tools}) {
        Exposition m = awaitScrape(url, e -> e.value("corosync_membership_nodes").orElse(0) == 2);
        assertThat(m.value("corosync_member_votes", "member_id", "2", "member_name", "node2"))
            .as(url)
            .hasValue(1);
        assertThat(m.value("corosync_member_votes", "member_id", "1", "member_name", "node1"))
            .as(url)
            .hasValue(1);
      }
      assertThat(
              Lab.scrape(node1)
                  .value(
                      "corosync_exporter_collector_source",
                      "collector",
                      "quorum",
                      "source",
                      "native"))
          .hasValue(1);
    } finally {
      lab.sh("stop", "node1", "tools");
    }
  }

  @Test
  @Order(3)
  void peerStoppedBlocksActivity() {
    lab.sh("stop", "node2", "corosync");
    Exposition m = awaitScrape(node1, e -> e.value("corosync_activity_blocked").orElse(0) == 1);
    assertThat(m.value("corosync_quorate", "cluster_name", "lab", "node_name", "node1"))
        .hasValue(0);
    assertThat(m.value("corosync_quorum_total_votes")).hasValue(1);
    assertThat(m.value("corosync_membership_nodes")).hasValue(1);
    // corosync-quorumtool exits 2 when not quorate: that is the answer, not a failure.
    assertThat(m.collectorSuccess("quorum")).hasValue(1);
    assertThat(m.value("corosync_knet_peer_reachable", "peer_id", "2")).hasValue(0);
    assertThat(m.value("corosync_knet_link_connected", "link", "0", "peer_id", "2")).hasValue(0);
  }

  @Test
  @Order(4)
  void expectedVotesOverriddenBelowConfiguredVotes() {
    lab.sh("expected", "node1", "1");
    Exposition m =
        awaitScrape(node1, e -> e.value("corosync_quorum_expected_votes").orElse(0) == 1);
    assertThat(m.value("corosync_config_votes")).hasValue(2);
    assertThat(m.value("corosync_quorate")).hasValue(1);
    assertThat(m.value("corosync_activity_blocked")).hasValue(0);
  }

  @Test
  @Order(5)
  void corosyncStoppedCostsTheCollectorsNotTheEndpoint() {
    lab.sh("stop", "node1", "corosync");
    Exposition m = awaitScrape(node1, e -> e.collectorSuccess("quorum").orElse(1) == 0);
    for (String c : new String[] {"quorum", "links", "config", "qdevice"}) {
      assertThat(m.collectorSuccess(c)).as(c).hasValue(0);
    }
    assertThat(m.has("corosync_quorate")).as("no invented values").isFalse();
    assertThat(m.has("corosync_knet_link_connected")).isFalse();
    // The last identity corosync gave is kept, so the failure is attributed to the right node.
    assertThat(
            m.find(
                "corosync_exporter_collector_success", "cluster_name", "lab", "node_name", "node1"))
        .hasSize(4);
    // The default connection path: corosync gone is CS_ERR_LIBRARY on (re)connect.
    assertThat(lab.exporterLog("node1")).contains("collector quorum").contains("CS_ERR_LIBRARY");

    lab.sh("start", "node1", "corosync");
    lab.sh("start", "node2", "corosync");
    awaitScrape(
        node1,
        e ->
            e.value("corosync_membership_nodes").orElse(0) == 2
                && e.collectorSuccess("config").orElse(0) == 1);
  }

  @Test
  @Order(6)
  void cfgtoolSourceAndMissingToolsAreReportedPerCollector() {
    String alt = startSecondExporter();
    Exposition m =
        awaitScrape(
            alt, e -> e.value("corosync_knet_link_connected", "peer_id", "2").orElse(0) == 1);
    assertThat(m.collectorSuccess("links")).hasValue(1);
    assertThat(m.has("corosync_knet_link_latency_seconds"))
        .as("cfgtool reports no latency")
        .isFalse();
    assertThat(m.collectorSuccess("quorum")).hasValue(0);
    assertThat(m.collectorSuccess("config")).hasValue(1);
  }

  /**
   * A second exporter on node1's loopback: links from cfgtool, and the quorum tool chosen but not
   * there.
   */
  private static String startSecondExporter() {
    return lab.startExporter(
        "node1",
        "exporter2",
        9680,
        "--collector.links.source=cfgtool",
        "--collector.quorum.source=quorumtool",
        "--path.corosync-quorumtool=/nonexistent/corosync-quorumtool");
  }
}
