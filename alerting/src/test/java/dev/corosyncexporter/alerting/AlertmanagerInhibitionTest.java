package dev.corosyncexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The inhibit rules of alert-rules/alertmanager.yml, checked by a real Alertmanager on the loopback
 * interface: alerts are posted through its API and their status (active / suppressed) is read back.
 * amtool cannot evaluate inhibition, hence the daemon (same Debian package as amtool).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertmanagerInhibitionTest {

  private Path storage;
  private Process alertmanager;
  private URI base;
  private Path log;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeAll
  void start() throws Exception {
    storage = Files.createTempDirectory("alertmanager-test");
    Path binary =
        Tools.find("prometheus-alertmanager", "alertmanager")
            .orElseGet(
                () ->
                    fail(
                        "prometheus-alertmanager is not on the PATH. Install it with "
                            + "`apt-get install -y prometheus-alertmanager` or run alert-rules/tests/ensure-tools.sh."));
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    base = URI.create("http://127.0.0.1:" + port);
    log = storage.resolve("alertmanager.log");
    alertmanager =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + Repo.alertRulesDir().resolve("alertmanager.yml"),
                "--storage.path=" + storage.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=") // no gossip: a single, local instance
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    Instant deadline = Instant.now().plusSeconds(20);
    while (true) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(base.resolve("/-/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          break;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      if (!alertmanager.isAlive() || Instant.now().isAfter(deadline)) {
        fail("Alertmanager did not start:\n" + Files.readString(log));
      }
      Thread.sleep(100);
    }
  }

  @AfterAll
  void stop() throws InterruptedException {
    if (alertmanager != null) {
      alertmanager.destroy();
      if (!alertmanager.waitFor(10, TimeUnit.SECONDS)) {
        alertmanager.destroyForcibly();
      }
    }
    if (storage != null) {
      try (var files = Files.walk(storage)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // leftover files in the temp dir are harmless
      }
    }
  }

  /**
   * Node2 isolated in a 2-node + QDevice cluster: one page (node2 lost quorum), everything else
   * muted.
   */
  @Test
  void quorumLossMutesTheSymptomsOfTheSameCluster() throws Exception {
    post(
        alert("CorosyncQuorumLost", "page", "lab", "node_name", "node2"),
        alert("CorosyncQuorumAtRisk", "page", "lab", "node_name", "node1"),
        alert("CorosyncNodeViewsDisagree", "page", "lab", "node_name", "node1"),
        alert("CorosyncQDeviceNotVoting", "warning", "lab", "node_name", "node2"),
        alert(
            "CorosyncPeerUnreachable",
            "warning",
            "lab",
            "node_name",
            "node1",
            "peer_name",
            "node2"),
        alert("CorosyncSplitBrain", "page", "lab", "node_name", "node1"),
        alert("CorosyncQuorumAtRisk", "page", "other", "node_name", "node1"));
    Map<String, String> expected =
        Map.of(
            "CorosyncQuorumLost/lab/node2", "active",
            "CorosyncQuorumAtRisk/lab/node1", "suppressed",
            "CorosyncNodeViewsDisagree/lab/node1", "suppressed",
            "CorosyncQDeviceNotVoting/lab/node2", "suppressed",
            "CorosyncPeerUnreachable/lab/node1/node2", "suppressed",
            "CorosyncSplitBrain/lab/node1", "active", // a worse problem: never muted
            "CorosyncQuorumAtRisk/other/node1", "active"); // another cluster
    assertStates(expected);
  }

  /**
   * A Proxmox HA node isolated with its watchdog armed: ProxmoxSelfFenceImminent is the one page.
   * Its plain quorum-lost page and the fence ticket are muted for that node only, the survivor's
   * pages through the cluster-wide rule; another node's quorum loss, the same node name in another
   * cluster and a split brain still page.
   */
  @Test
  void selfFenceIsTheOnlyPageOfItsIncident() throws Exception {
    post(
        alert("ProxmoxSelfFenceImminent", "page", "pve", "node_name", "node2"),
        alert("CorosyncQuorumLost", "page", "pve", "node_name", "node2"),
        alert("ProxmoxHaNodeFencing", "warning", "pve", "node_name", "node2"),
        alert("CorosyncQuorumAtRisk", "page", "pve", "node_name", "node1"),
        alert("CorosyncNodeViewsDisagree", "page", "pve", "node_name", "node1"),
        alert("ProxmoxPmxcfsQuorateMismatch", "warning", "pve", "node_name", "node2"),
        alert("CorosyncQuorumLost", "page", "pve", "node_name", "node3"),
        alert("CorosyncSplitBrain", "page", "pve", "node_name", "node1"),
        alert("CorosyncQuorumLost", "page", "pve-other", "node_name", "node2"),
        alert("ProxmoxHaNodeFencing", "warning", "pve-other", "node_name", "node2"));
    Map<String, String> expected = new HashMap<>();
    expected.put("ProxmoxSelfFenceImminent/pve/node2", "active");
    expected.put("CorosyncQuorumLost/pve/node2", "suppressed");
    expected.put("ProxmoxHaNodeFencing/pve/node2", "suppressed");
    expected.put("CorosyncQuorumAtRisk/pve/node1", "suppressed");
    expected.put("CorosyncNodeViewsDisagree/pve/node1", "suppressed");
    expected.put("ProxmoxPmxcfsQuorateMismatch/pve/node2", "active"); // names the cause
    expected.put("CorosyncQuorumLost/pve/node3", "active"); // another node
    expected.put("CorosyncSplitBrain/pve/node1", "active");
    expected.put("CorosyncQuorumLost/pve-other/node2", "active"); // another cluster
    expected.put("ProxmoxHaNodeFencing/pve-other/node2", "active");
    assertStates(expected);
  }

  /**
   * A node in HA maintenance: the warnings about it are muted (its own, and the other nodes' link
   * and peer alerts about it, and the cluster's missing-votes ticket); other nodes' warnings, other
   * clusters and every page are not.
   */
  @Test
  void maintenanceMutesTheNodesWarningsButNoPage() throws Exception {
    post(
        alert(
            "ProxmoxNodeMaintenance",
            "info",
            "maint",
            "node_name",
            "node2",
            "peer_name",
            "node2",
            "member_name",
            "node2"),
        alert("CorosyncQDeviceNotVoting", "warning", "maint", "node_name", "node2"),
        alert("CorosyncExporterTargetDown", "warning", "maint", "node_name", "node2"),
        alert("ProxmoxHaLrmStatusStale", "warning", "maint", "node_name", "node2"),
        alert("ProxmoxPveReadFailing", "warning", "maint", "node_name", "node2", "part", "members"),
        alert("ProxmoxPmxcfsReadBlocked", "warning", "maint", "node_name", "node2"),
        alert("ProxmoxPmxcfsReadBlocked", "warning", "maint", "node_name", "node3"),
        alert(
            "CorosyncPeerUnreachable",
            "warning",
            "maint",
            "node_name",
            "node1",
            "peer_name",
            "node2"),
        alert("CorosyncVoterMissing", "warning", "maint", "node_name", "node1"),
        alert("CorosyncQDeviceNotVoting", "warning", "maint", "node_name", "node3"),
        alert(
            "CorosyncPeerUnreachable",
            "warning",
            "maint",
            "node_name",
            "node1",
            "peer_name",
            "node3"),
        alert("CorosyncQDeviceNotVoting", "warning", "maint-other", "node_name", "node2"),
        // pages, each in a cluster of its own so that no other inhibit rule is involved
        alert(
            "ProxmoxNodeMaintenance",
            "info",
            "maint-page",
            "node_name",
            "node2",
            "peer_name",
            "node2",
            "member_name",
            "node2"),
        alert("CorosyncQuorumLost", "page", "maint-page", "node_name", "node2"),
        alert(
            "ProxmoxNodeMaintenance",
            "info",
            "maint-fence",
            "node_name",
            "node2",
            "peer_name",
            "node2",
            "member_name",
            "node2"),
        alert("ProxmoxSelfFenceImminent", "page", "maint-fence", "node_name", "node2"));
    Map<String, String> expected = new HashMap<>();
    expected.put("ProxmoxNodeMaintenance/maint/node2/node2", "active");
    expected.put("CorosyncQDeviceNotVoting/maint/node2", "suppressed");
    expected.put("CorosyncExporterTargetDown/maint/node2", "suppressed");
    expected.put("ProxmoxHaLrmStatusStale/maint/node2", "suppressed");
    expected.put("ProxmoxPveReadFailing/maint/node2", "suppressed");
    expected.put("ProxmoxPmxcfsReadBlocked/maint/node2", "suppressed");
    expected.put("ProxmoxPmxcfsReadBlocked/maint/node3", "active"); // another node
    expected.put("CorosyncPeerUnreachable/maint/node1/node2", "suppressed");
    expected.put("CorosyncVoterMissing/maint/node1", "suppressed");
    expected.put("CorosyncQDeviceNotVoting/maint/node3", "active"); // another node
    expected.put("CorosyncPeerUnreachable/maint/node1/node3", "active");
    expected.put("CorosyncQDeviceNotVoting/maint-other/node2", "active"); // another cluster
    expected.put("CorosyncQuorumLost/maint-page/node2", "active"); // pages are never muted
    expected.put("ProxmoxSelfFenceImminent/maint-fence/node2", "active");
    assertStates(expected);
  }

  /**
   * The ring-health warnings during a quorum-loss page (plain or Proxmox self-fence) of the same
   * cluster are symptoms and muted; the scheduler miss (a cause) and the fence-risk warning (a
   * standing design risk) are not, nor are the same warnings in another cluster. A node in HA
   * maintenance mutes its own ring-health warnings, not another node's.
   */
  @Test
  void quorumLossAndMaintenanceMuteTheRingHealthSymptoms() throws Exception {
    post(
        alert("CorosyncQuorumLost", "page", "ring", "node_name", "node2"),
        alert("CorosyncTokenLost", "warning", "ring", "node_name", "node1"),
        alert("CorosyncRetransmitsSustained", "warning", "ring", "node_name", "node1"),
        alert("CorosyncCannotFormCluster", "warning", "ring", "node_name", "node2"),
        alert("CorosyncNodeNotSending", "warning", "ring", "node_name", "node3"),
        alert(
            "CorosyncLinkPacketLoss",
            "warning",
            "ring",
            "node_name",
            "node1",
            "peer_name",
            "node2",
            "link",
            "0"),
        alert("CorosyncSchedulerMiss", "warning", "ring", "node_name", "node2"),
        alert("ProxmoxClusterFenceRisk", "warning", "ring", "node_name", "node1"),
        alert("ProxmoxSelfFenceImminent", "page", "ring-fence", "node_name", "node2"),
        alert("CorosyncTokenLost", "warning", "ring-fence", "node_name", "node1"),
        alert("CorosyncTokenLost", "warning", "ring-other", "node_name", "node1"),
        alert(
            "ProxmoxNodeMaintenance",
            "info",
            "ring-maint",
            "node_name",
            "node2",
            "peer_name",
            "node2",
            "member_name",
            "node2"),
        alert("CorosyncSchedulerMiss", "warning", "ring-maint", "node_name", "node2"),
        // the peers' view of node2: node_name and peer_name are the silent node
        alert(
            "CorosyncNodeNotSending",
            "warning",
            "ring-maint",
            "node_name",
            "node2",
            "peer_name",
            "node2"),
        alert(
            "CorosyncNodeNotSending",
            "warning",
            "ring-maint",
            "node_name",
            "node3",
            "peer_name",
            "node3"),
        alert("CorosyncTokenLost", "warning", "ring-maint", "node_name", "node1"));
    Map<String, String> expected = new HashMap<>();
    expected.put("CorosyncQuorumLost/ring/node2", "active");
    expected.put("CorosyncTokenLost/ring/node1", "suppressed");
    expected.put("CorosyncRetransmitsSustained/ring/node1", "suppressed");
    expected.put("CorosyncCannotFormCluster/ring/node2", "suppressed");
    expected.put("CorosyncNodeNotSending/ring/node3", "suppressed");
    expected.put("CorosyncLinkPacketLoss/ring/node1/node2", "suppressed");
    expected.put("CorosyncSchedulerMiss/ring/node2", "active"); // names the cause
    expected.put("ProxmoxClusterFenceRisk/ring/node1", "active"); // not this incident
    expected.put("ProxmoxSelfFenceImminent/ring-fence/node2", "active");
    expected.put("CorosyncTokenLost/ring-fence/node1", "suppressed");
    expected.put("CorosyncTokenLost/ring-other/node1", "active"); // another cluster
    expected.put("CorosyncSchedulerMiss/ring-maint/node2", "suppressed");
    expected.put("CorosyncNodeNotSending/ring-maint/node2/node2", "suppressed");
    expected.put("CorosyncNodeNotSending/ring-maint/node3/node3", "active"); // another node
    expected.put("CorosyncTokenLost/ring-maint/node1", "active"); // another node
    assertStates(expected);
  }

  @Test
  void unreachablePeerMutesOnlyItsOwnLinkAlerts() throws Exception {
    post(
        alert(
            "CorosyncPeerUnreachable",
            "warning",
            "links",
            "node_name",
            "node1",
            "peer_name",
            "node3"),
        alert(
            "CorosyncLinkDown",
            "warning",
            "links",
            "node_name",
            "node1",
            "peer_name",
            "node3",
            "link",
            "1"),
        alert(
            "CorosyncLinkDown",
            "warning",
            "links",
            "node_name",
            "node1",
            "peer_name",
            "node2",
            "link",
            "1"),
        alert(
            "CorosyncLinkDown",
            "warning",
            "links",
            "node_name",
            "node2",
            "peer_name",
            "node3",
            "link",
            "1"));
    assertStates(
        Map.of(
            "CorosyncPeerUnreachable/links/node1/node3", "active",
            "CorosyncLinkDown/links/node1/node3", "suppressed",
            "CorosyncLinkDown/links/node1/node2", "active",
            "CorosyncLinkDown/links/node2/node3", "active"));
  }

  private ObjectNode alert(String name, String severity, String cluster, String... labels) {
    ObjectNode a = Repo.JSON.createObjectNode();
    ObjectNode l = a.putObject("labels");
    l.put("alertname", name).put("severity", severity).put("cluster_name", cluster);
    for (int i = 0; i < labels.length; i += 2) {
      l.put(labels[i], labels[i + 1]);
    }
    a.put("startsAt", Instant.now().minusSeconds(60).toString());
    a.put("endsAt", Instant.now().plusSeconds(600).toString());
    return a;
  }

  private void post(ObjectNode... alerts) throws Exception {
    ArrayNode body = Repo.JSON.createArrayNode();
    for (ObjectNode a : alerts) {
      body.add(a);
    }
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(base.resolve("/api/v2/alerts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("POST /api/v2/alerts: %s", r.body()).isEqualTo(200);
  }

  /**
   * Keys are alertname/cluster_name/node_name[/peer_name]; inhibition is computed asynchronously,
   * so poll.
   */
  private void assertStates(Map<String, String> expected) throws Exception {
    Map<String, String> actual = new HashMap<>();
    Instant deadline = Instant.now().plusSeconds(15);
    while (Instant.now().isBefore(deadline)) {
      actual.clear();
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(base.resolve("/api/v2/alerts")).build(),
              HttpResponse.BodyHandlers.ofString());
      for (JsonNode a : Repo.JSON.readTree(r.body())) {
        JsonNode l = a.path("labels");
        String key =
            l.path("alertname").asText()
                + "/"
                + l.path("cluster_name").asText()
                + "/"
                + l.path("node_name").asText()
                + (l.has("peer_name") ? "/" + l.path("peer_name").asText() : "");
        actual.put(key, a.path("status").path("state").asText());
      }
      if (actual.entrySet().containsAll(expected.entrySet())) {
        return;
      }
      Thread.sleep(200);
    }
    assertThat(actual).as("alert states in Alertmanager").containsAllEntriesOf(expected);
  }
}
