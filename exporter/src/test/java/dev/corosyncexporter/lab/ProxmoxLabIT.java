package dev.corosyncexporter.lab;

import static dev.corosyncexporter.lab.Lab.awaitScrape;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The pve collector on a lab whose nodes run Proxmox VE's real cluster file system.
 *
 * <p>Real: corosync (2 nodes, 2 knet links), corosync-qdevice and corosync-qnetd, and pmxcfs
 * (pve-cluster 8.1.3, built from ../shared/pmxcfs) on both nodes, each with its own /etc/pve FUSE
 * mount, replicating over corosync and turning read-only without quorum. Stand-ins: the HA manager
 * (pve-ha-lrm / pve-ha-crm, Perl, needs the whole PVE stack) is replaced by lab.sh ha-standin,
 * which writes lrm_status and manager_status in the upstream formats through the real pmxcfs (so
 * its writes fail while not quorate, as the LRM's do); watchdog-mux never runs (it would arm this
 * machine's watchdog): lab.sh watchdog creates /run/watchdog-mux.active in the node's private /run,
 * as watchdog-mux does while a client is connected.
 *
 * <p>The scenarios run in order ({@code @Order}) on one lab, each leaving the cluster healthy for
 * the next: a failure early in the class can cascade into the ones after it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProxmoxLabIT {
  @AutoClose private static Lab lab;
  private static String node1;
  private static String node2;
  private static String central;

  @BeforeAll
  static void up() {
    lab = Lab.up("--nodes", "2", "--qdevice", "--links", "2", "--pmxcfs", "--monitor");
    // Stand-ins: both LRMs active, node1 the CRM master, node2's watchdog armed.
    lab.sh("ha-standin", "node1", "lrm", "active", "active");
    lab.sh("ha-standin", "node2", "lrm", "active", "active");
    lab.sh("ha-standin", "node1", "manager", "node1=online", "node2=online");
    lab.sh("watchdog", "node2", "on");
    // No flags: the collector must find /etc/pve mounted by pmxcfs on its own.
    node1 = lab.startExporter("node1");
    node2 = lab.startExporter("node2");
    // Central mode: sshd (root key, forced command packaging/ssh-command-wrapper) on both nodes,
    // one exporter on the monitoring host reading the same files over SSH.
    for (String host : new String[] {"node1", "node2"}) {
      lab.sh("start", host, "sshd");
    }
    central = startCentral();
  }

  private static String startCentral() {
    Path dir = LabPreconditions.labDir();
    return lab.startCentralExporter(
        "exporter",
        Lab.EXPORTER_PORT,
        "ssh:",
        "  user: root",
        "  private_key_file: " + dir.resolve("ssh/id_ed25519"),
        "  known_hosts_file: " + dir.resolve("ssh/known_hosts"),
        "  connect_timeout: 2s",
        "  command_timeout: 3s",
        "clusters:",
        "  - name: lab",
        "    nodes: [" + lab.addr("node1") + ", " + lab.addr("node2") + "]");
  }

  @Test
  @Order(1)
  void healthyBothNodesSeePmxcfsQuorateAndTheStandInsState() {
    for (String url : new String[] {node1, node2}) {
      Exposition e =
          awaitScrape(
              url,
              x ->
                  x.value("corosync_pve_ha_lrm_state", "member_name", "node2", "state", "active")
                          .orElse(0)
                      == 1);
      assertThat(e.collectorSuccess("pve")).hasValue(1);
      assertThat(e.value("corosync_pve_pmxcfs_quorate")).hasValue(1);
      assertThat(e.value("corosync_pve_pmxcfs_writable")).hasValue(1);
      assertThat(e.value("corosync_pve_pmxcfs_config_version")).hasValue(1);
      for (String member : new String[] {"node1", "node2"}) {
        assertThat(e.value("corosync_pve_member_online", "member_name", member)).hasValue(1);
        assertThat(e.value("corosync_pve_ha_lrm_state", "member_name", member, "state", "active"))
            .hasValue(1);
        assertThat(e.value("corosync_pve_ha_lrm_mode", "member_name", member, "mode", "active"))
            .hasValue(1);
        assertThat(
                e.value("corosync_pve_ha_node_status", "member_name", member, "status", "online"))
            .hasValue(1);
      }
      assertThat(e.value("corosync_pve_ha_master_info", "member_name", "node1")).hasValue(1);
      assertThat(e.value("corosync_pve_ha_disarmed")).hasValue(0);
    }
    assertThat(Lab.scrape(node1).value("corosync_pve_watchdog_armed")).hasValue(0);
    assertThat(Lab.scrape(node2).value("corosync_pve_watchdog_armed")).hasValue(1);
    assertThat(lab.exporterLog("node1")).contains("pve on (detected)");
  }

  /**
   * Central mode reads the same files through the forced-command wrapper, in one command per node
   * (the wrapper's pve_read).
   */
  @Test
  @Order(2)
  void centralModeSeesTheSameOverSsh() {
    Exposition e = awaitScrape(central, x -> x.collectorSuccess("node2", "pve").orElse(0) == 1);
    for (String node : new String[] {"node1", "node2"}) {
      String[] id = {"cluster_name", "lab", "node_name", node};
      assertThat(e.value("corosync_pve_pmxcfs_quorate", id)).as(node).hasValue(1);
      assertThat(e.value("corosync_pve_pmxcfs_writable", id)).as(node).hasValue(1);
      assertThat(
              e.value(
                  "corosync_pve_ha_lrm_state",
                  "node_name",
                  node,
                  "member_name",
                  "node2",
                  "state",
                  "active"))
          .as(node)
          .hasValue(1);
      assertThat(e.value("corosync_pve_ha_master_info", "node_name", node, "member_name", "node1"))
          .hasValue(1);
      // Every part from the one pve_read per node, on the real pmxcfs's files.
      for (String part :
          new String[] {"members", "writable", "watchdog", "manager_status", "lrm_status"}) {
        assertThat(e.value("corosync_pve_read_success", "node_name", node, "part", part))
            .as(node + " " + part)
            .hasValue(1);
      }
    }
    assertThat(e.value("corosync_pve_watchdog_armed", "node_name", "node1")).hasValue(0);
    assertThat(e.value("corosync_pve_watchdog_armed", "node_name", "node2")).hasValue(1);
  }

  /**
   * node2 cut off on every corosync link while its LRM is active and its watchdog armed, scraped
   * over the management network: the node that will fence itself says so, and the survivor sees it
   * gone and its LRM status ageing.
   */
  @Test
  @Order(3)
  void anIsolatedNodeWithAnArmedWatchdogAndTheSurvivorsView() {
    lab.sh("ha-standin", "node2", "lrm", "active", "active");
    lab.sh("cut", "node2");
    try {
      // The mode bits behind "writable" come through the kernel's FUSE attribute cache (1 s, pmxcfs
      // sets no attr_timeout): they may follow pmxcfs's quorate flag a scrape later.
      Exposition isolated =
          awaitScrape(
              node2,
              e ->
                  e.value("corosync_pve_pmxcfs_quorate").orElse(-1) == 0
                      && e.value("corosync_pve_pmxcfs_writable").orElse(-1) == 0);
      assertThat(isolated.collectorSuccess("pve")).hasValue(1);
      assertThat(isolated.value("corosync_pve_pmxcfs_writable")).hasValue(0);
      assertThat(isolated.value("corosync_pve_watchdog_armed")).hasValue(1);
      assertThat(
              isolated.value(
                  "corosync_pve_ha_lrm_state", "member_name", "node2", "state", "active"))
          .hasValue(1);
      // The real pmxcfs refuses the stand-in LRM's write, as it refuses pve-ha-lrm's.
      assertThatThrownBy(() -> lab.sh("ha-standin", "node2", "lrm", "active", "active"))
          .hasMessageContaining("Permission denied");

      Exposition survivor =
          awaitScrape(
              node1,
              e -> e.value("corosync_pve_member_online", "member_name", "node2").orElse(-1) == 0);
      assertThat(survivor.value("corosync_pve_pmxcfs_quorate")).hasValue(1);
      double age =
          survivor
              .value("corosync_pve_ha_lrm_status_age_seconds", "member_name", "node2")
              .orElseThrow();
      Lab.sleep(3_000);
      double later =
          Lab.scrape(node1)
              .value("corosync_pve_ha_lrm_status_age_seconds", "member_name", "node2")
              .orElseThrow();
      System.out.printf(
          "isolated node2's lrm_status age on node1: %.0f s, then %.0f s%n", age, later);
      assertThat(later)
          .as("node2's LRM status ages on the survivor")
          .isGreaterThanOrEqualTo(age + 2);
      // The central exporter, over SSH on the management network, sees the same.
      Exposition viaSsh =
          awaitScrape(
              central,
              e ->
                  e.value("corosync_pve_pmxcfs_quorate", "node_name", "node2").orElse(-1) == 0
                      && e.value("corosync_pve_pmxcfs_writable", "node_name", "node2").orElse(-1)
                          == 0);
      assertThat(viaSsh.value("corosync_pve_watchdog_armed", "node_name", "node2")).hasValue(1);
      assertThat(viaSsh.value("corosync_pve_pmxcfs_writable", "node_name", "node2")).hasValue(0);
      // The survivor's own LRM still writes.
      lab.sh("ha-standin", "node1", "lrm", "active", "active");
    } finally {
      lab.sh("heal", "node2");
    }
    awaitScrape(node2, e -> e.value("corosync_pve_pmxcfs_quorate").orElse(-1) == 1);
    awaitScrape(
        node1, e -> e.value("corosync_pve_member_online", "member_name", "node2").orElse(-1) == 1);
  }

  /**
   * pmxcfs frozen (SIGSTOP): reads of /etc/pve block in the kernel. Every scrape still answers
   * within its deadline with the /etc/pve parts failed, the blocked reader shown and the watchdog
   * marker (on /run) still exported, and the exporter's thread count stays put: the stuck read is
   * not joined by a second reader.
   */
  @Test
  @Order(4)
  void aFrozenPmxcfsCostsTheCollectorNotTheScrapeNorThreads() throws Exception {
    awaitScrape(node1, e -> e.collectorSuccess("pve").orElse(0) == 1);
    lab.freeze("node1", "pmxcfs");
    int threadsAfterFirst = -1;
    try {
      for (int i = 0; i < 10; i++) {
        long start = System.nanoTime();
        var r = Lab.get(node1 + "/metrics", Map.of("X-Prometheus-Scrape-Timeout-Seconds", "5"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(took).as("answered within Prometheus' 5 s").isLessThan(Duration.ofSeconds(5));
        Exposition e = Exposition.parse(r.body());
        assertThat(e.collectorSuccess("pve")).hasValue(1);
        assertThat(e.value("corosync_pve_read_success", "part", "members")).hasValue(0);
        assertThat(e.value("corosync_pve_read_success", "part", "watchdog")).hasValue(1);
        assertThat(e.value("corosync_pve_watchdog_armed")).isPresent();
        assertThat(e.value("corosync_pve_reader_blocked_since_seconds")).isPresent();
        assertThat(e.collectorSuccess("quorum"))
            .as("the corosync collectors do not care")
            .hasValue(1);
        assertThat(e.value("corosync_pve_pmxcfs_quorate")).isEmpty();
        int threads = threads("node1");
        System.out.printf(
            "frozen pmxcfs, scrape %d: answered in %d ms, %d threads%n",
            i + 1, took.toMillis(), threads);
        if (i == 0) {
          threadsAfterFirst = threads;
        } else {
          // A pool may start or retire a thread (one came and went between scrapes in a CI run); a
          // second reader joining the stuck one would add one per scrape, nine over ten scrapes.
          assertThat(threads)
              .as("threads after scrape %d", i + 1)
              .isLessThanOrEqualTo(threadsAfterFirst + 2);
        }
      }
      assertThat(lab.exporterLog("node1")).contains("reader of /etc/pve blocked since");
    } finally {
      lab.thaw("node1", "pmxcfs");
    }
    awaitScrape(
        node1,
        e ->
            e.value("corosync_pve_read_success", "part", "members").orElse(0) == 1
                && e.value("corosync_pve_reader_blocked_since_seconds").isEmpty());
  }

  /** The exporter JVM's thread count, from the kernel. */
  private static int threads(String host) throws IOException {
    long pid = lab.pid(host, "exporter");
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("Threads:")) {
        return Integer.parseInt(line.substring("Threads:".length()).strip());
      }
    }
    throw new AssertionError("no Threads line for " + pid);
  }
}
