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
 * node is not quorate), and the CRM's manager_status is written when a scenario sets it;
 * watchdog-mux never runs (it would arm this machine's watchdog): {@code lab.sh watchdog} makes the
 * directory /run/watchdog-mux.active that it keeps while any client (the LRM holding its agent
 * lock, or the CRM master) is connected. The scenarios: healthy; (d) a garbled manager_status; (a)
 * node2 isolated with its LRM active and the marker, the page, then (c) node2 "rebooted" while
 * still isolated (no marker, stale active lrm_status): the page goes; (b) node2 isolated as CRM
 * master with an idle LRM and the marker: no page.
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

  /**
   * (d) A manager_status that does not parse (written through pmxcfs on a quorate cluster, as a
   * hand edit would be) costs only what comes from it: pmxcfs's view and the watchdog marker stay
   * exported on both nodes, the collector still succeeds, and the bad part says so. It stays
   * garbled for the next scenario, whose page must arrive all the same.
   */
  @Test
  @Order(2)
  void aGarbledManagerStatusCostsOnlyItsOwnPart() throws Exception {
    alerting
        .lab()
        .exec("node1", "sh", "-c", "printf '{\"master_node\":' > /etc/pve/ha/manager_status");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> series("corosync_pve_read_success{part=\"manager_status\"} == 0") == 2);
    assertThat(series("corosync_pve_pmxcfs_quorate == 1"))
        .as("pmxcfs' view, both nodes")
        .isEqualTo(2);
    assertThat(series("corosync_pve_watchdog_armed == 1"))
        .as("the marker, both nodes")
        .isEqualTo(2);
    assertThat(series("corosync_pve_ha_lrm_state{state=\"active\"} == 1"))
        .as("both LRMs seen by both nodes")
        .isEqualTo(4);
    assertThat(series("corosync_exporter_collector_success{collector=\"pve\"} == 1"))
        .as("the pve collector still succeeds")
        .isEqualTo(2);
    assertThat(series("corosync_pve_ha_master_info")).as("no master from a garbled file").isZero();
  }

  @Test
  @Order(3)
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

      // (c) node2 "reboots" while still isolated: /run is fresh (no marker), its lrm_status still
      // says active from before the cut (the new LRM cannot write without quorum, nor arm). It
      // will not reset, so the page goes and stays gone.
      alerting.lab().sh("watchdog", "node2", "off");
      await()
          .atMost(Duration.ofSeconds(45))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> series("ALERTS{alertname=\"ProxmoxSelfFenceImminent\"}") == 0);
      assertNoSelfFenceAlertFor(Duration.ofSeconds(45), "node2 rebooted while isolated");
    } finally {
      alerting.lab().sh("heal", "node2");
      alerting.lab().sh("watchdog", "node2", "on");
      alerting.lab().sh("ha-standin", "node1", "manager", "node1=online", "node2=online");
    }
    alerting.watch().awaitQuiet();
  }

  /**
   * (b) The CRM alone never fences: node2 is the CRM master, holding a watchdog-mux client (the
   * marker), while its LRM is idle (wait_for_agent_lock holds no watchdog). Isolated, it does not
   * reset (the CRM closes its client cleanly on quorum loss), so nothing pages. The stand-in keeps
   * the marker for the whole window, longer than the real CRM's 5-16 s: the rule must not need the
   * marker to go.
   */
  @Test
  @Order(4)
  void isolatedCrmMasterWithAnIdleLrmPagesNobody() throws Exception {
    Lab lab = alerting.lab();
    lab.sh("stop", "node2", "lrm-standin");
    lab.sh("ha-standin", "node2", "lrm", "wait_for_agent_lock", "active", "--every", "10");
    lab.sh("ha-standin", "node2", "manager", "node1=online", "node2=online");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () ->
                series(
                            "corosync_pve_ha_lrm_state{node_name=\"node2\",member_name=\"node2\","
                                + "state=\"wait_for_agent_lock\"} == 1")
                        == 1
                    && series("corosync_pve_ha_master_info{member_name=\"node2\"}") == 2);
    Instant t0 = Instant.now();
    lab.sh("cut", "node2");
    try {
      awaitActivityBlocked("node2");
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> series("corosync_pve_pmxcfs_quorate{node_name=\"node2\"} == 0") == 1);
      assertThat(series("corosync_pve_watchdog_armed{node_name=\"node2\"} == 1"))
          .as("the CRM's marker on node2")
          .isEqualTo(1);
      assertNoSelfFenceAlertFor(Duration.ofSeconds(75), "CRM master with an idle LRM, isolated");
      assertThat(alerting.watch().alertnamesSince(t0))
          .as("notifications since the cut")
          .doesNotContain("ProxmoxSelfFenceImminent");
    } finally {
      lab.sh("heal", "node2");
      lab.sh("stop", "node2", "lrm-standin");
      lab.sh("ha-standin", "node2", "lrm", "active", "active", "--every", "10");
      lab.sh("ha-standin", "node1", "manager", "node1=online", "node2=online");
    }
    alerting.watch().awaitQuiet();
  }

  /** How many series a query returns now. */
  private static int series(String promql) throws Exception {
    return alerting.monitoring().query(promql).size();
  }

  /**
   * Waits the window out, then asks Prometheus whether ProxmoxSelfFenceImminent was pending or
   * firing at any evaluation in it (not only at the end).
   */
  private static void assertNoSelfFenceAlertFor(Duration window, String what) throws Exception {
    Lab.sleep(window.toMillis());
    assertThat(
            alerting
                .monitoring()
                .query(
                    "count_over_time(ALERTS{alertname=\"ProxmoxSelfFenceImminent\"}["
                        + (window.toSeconds() - 5)
                        + "s])"))
        .as("ProxmoxSelfFenceImminent pending or firing in the last %s: %s", window, what)
        .isEmpty();
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
