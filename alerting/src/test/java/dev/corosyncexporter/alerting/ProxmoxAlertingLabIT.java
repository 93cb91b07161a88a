package dev.corosyncexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.corosyncexporter.alerting.WebhookReceiver.Delivery;
import dev.corosyncexporter.lab.Lab;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Proxmox self-fence page end to end, as the on-call person gets it: the shipped rules and
 * Alertmanager routing, unchanged, in Debian's Prometheus (scraping every 15 s) and Alertmanager; a
 * webhook receiver stands in for the pager.
 *
 * <p>Real: corosync (2 nodes, 2 knet links), corosync-qdevice and corosync-qnetd, Proxmox's pmxcfs
 * on both nodes (built from ../shared/pmxcfs; skipped without it, failed under CI=true), the
 * exporters. Stand-ins: the HA manager's LRMs are {@code lab.sh ha-standin ... --every 10}, which
 * rewrite lrm_status through pmxcfs every 10 s as pve-ha-lrm does (and, like it, cannot while the
 * node is not quorate), and the CRM's manager_status is written once; watchdog-mux never runs (it
 * would arm this machine's watchdog), {@code lab.sh watchdog} creates the file it keeps while a
 * client is connected.
 *
 * <p>The scenarios run in order ({@code @Order}) on one lab, each waiting for quiet before the
 * next: a failure early in the class can cascade into the ones after it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProxmoxAlertingLabIT {
  /** The bound: from corosync's "Activity blocked" to the pager, within 45 s. */
  private static final Duration PAGE_DEADLINE = Duration.ofSeconds(45);

  @AutoClose private static AlertingLab alerting;

  @BeforeAll
  static void up() throws Exception {
    alerting = AlertingLab.reportingTo("alert-timings-proxmox.txt", "Proxmox fault-to-page times");
    Lab lab = alerting.up("--nodes", "2", "--qdevice", "--links", "2", "--pmxcfs");
    for (String host : List.of("node1", "node2")) {
      lab.sh("ha-standin", host, "lrm", "active", "active", "--every", "10");
      lab.sh("watchdog", host, "on");
    }
    lab.sh("ha-standin", "node1", "manager", "node1=online", "node2=online");
    alerting.monitor("15s", Files.readString(Repo.rulesFile()), "node1", "node2", "qnetd");
  }

  @Test
  @Order(1)
  void healthyProxmoxClusterPagesNobodyAndTheProxmoxRowHasData() throws Exception {
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> alerting.monitoring().query("corosync_pve_ha_lrm_state == 1").size() == 4);
    assertThat(
            alerting.withoutData(
                proxmoxDashboardQueries(), ProxmoxAlertingLabIT::expectedEmptyWhenHealthy))
        .as("Proxmox dashboard queries without data on the pmxcfs lab")
        .isEmpty();
    // As long as AlertingLabIT's healthy check; the stand-in LRMs keep their status fresh, as the
    // real ones do, so their age never nears the stale threshold (60 s).
    alerting.assertQuietFor(Duration.ofSeconds(30));
  }

  @Test
  @Order(2)
  void isolatedNodeWithArmedWatchdogPagesSelfFenceOnceWithinTheDeadline() throws Exception {
    Instant t0 = Instant.now();
    alerting.lab().sh("cut", "node2");
    try {
      Instant blocked = awaitActivityBlocked("node2");
      Delivery page =
          alerting
              .watch()
              .awaitFiring(
                  "oncall",
                  "ProxmoxSelfFenceImminent",
                  "node2",
                  PAGE_DEADLINE.plus(Duration.between(t0, blocked)),
                  t0);
      Duration took = Duration.between(blocked, page.at());
      alerting.record(
          "node2 isolated, watchdog armed -> ProxmoxSelfFenceImminent (page)", blocked, page.at());
      assertThat(took).as("from Activity blocked to the page").isLessThanOrEqualTo(PAGE_DEADLINE);
      // Long enough for every other page of this incident to have fired if it were not inhibited:
      // node2's CorosyncQuorumLost (for: 0s), the survivor's CorosyncQuorumAtRisk (for: 1m).
      Lab.sleep(75_000);
      List<Delivery> pages =
          alerting.watch().firingSince(t0).stream()
              .filter(d -> d.receiver().equals("oncall"))
              .toList();
      assertThat(pages).extracting(Delivery::alertname).containsOnly("ProxmoxSelfFenceImminent");
      assertThat(pages).extracting(d -> d.labels().get("node_name")).containsOnly("node2");
      // The survivor's view, as Prometheus holds it: node2 offline, its LRM status ageing.
      assertThat(
              alerting
                  .monitoring()
                  .query(
                      "corosync_pve_member_online{node_name=\"node1\",member_name=\"node2\"} == 0"))
          .hasSize(1);
      assertThat(
              alerting
                  .monitoring()
                  .query(
                      "corosync_pve_ha_lrm_status_age_seconds"
                          + "{node_name=\"node1\",member_name=\"node2\"} > 60"))
          .hasSize(1);
    } finally {
      alerting.lab().sh("heal", "node2");
    }
    alerting.watch().awaitQuiet();
  }

  /** When corosync on the host first says "Activity blocked" (polled every 200 ms). */
  private static Instant awaitActivityBlocked(String host) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                alerting
                    .lab()
                    .exec(host, "corosync-quorumtool", "-s")
                    .contains("Activity blocked"));
    return Instant.now();
  }

  /**
   * Alert lists, the disarm state, a stuck /etc/pve read and unreadable pve inputs have no series
   * on a healthy cluster by definition.
   */
  private static boolean expectedEmptyWhenHealthy(String q) {
    return q.contains("ALERTS")
        || q.contains("disarm_info")
        || q.contains("reader_blocked_since")
        || q.matches("(?s).*read_success\\{.*\\}\\s*==\\s*0\\s*");
  }

  private static List<String> proxmoxDashboardQueries() {
    return AlertingLab.dashboardQueries().stream()
        .filter(q -> q.contains("corosync_pve_"))
        .toList();
  }
}
