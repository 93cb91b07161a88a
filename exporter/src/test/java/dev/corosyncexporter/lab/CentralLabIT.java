package dev.corosyncexporter.lab;

import static dev.corosyncexporter.lab.Lab.awaitScrape;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Central mode on the lab: OpenSSH's sshd in every node's namespaces, the exporter on a separate
 * monitoring host that reaches the nodes over the management network only. The lab's key is allowed
 * only through the forced-command wrapper (packaging/ssh-command-wrapper), as documented.
 *
 * <p>The scenarios run in order ({@code @Order}) on one lab, each leaving the cluster healthy for
 * the next: a failure early in the class can cascade into the ones after it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CentralLabIT {
  @AutoClose private static Lab lab;
  private static String central;
  private static Path labDir;
  private static Instant started;

  @BeforeAll
  static void up() {
    started = Instant.now();
    lab = Lab.up("--nodes", "2", "--qdevice", "--links", "2", "--monitor");
    for (String host : List.of("node1", "node2", "qnetd")) {
      lab.sh("start", host, "sshd");
    }
    labDir = LabPreconditions.labDir();
    central = startCentral("exporter", 9679, labDir.resolve("ssh/known_hosts"), "3s");
  }

  /** A central exporter for the lab's cluster, both nodes and the QNetd host, as daemon name. */
  private static String startCentral(
      String name, int port, Path knownHosts, String commandTimeout) {
    return lab.startCentralExporter(
        name,
        port,
        "ssh:",
        "  user: root",
        "  private_key_file: " + labDir.resolve("ssh/id_ed25519"),
        "  known_hosts_file: " + knownHosts,
        "  connect_timeout: 2s",
        "  command_timeout: " + commandTimeout,
        "clusters:",
        "  - name: lab",
        "    nodes: [" + lab.addr("node1") + ", " + lab.addr("node2") + "]",
        "    qnetd: [" + lab.addr("qnetd") + "]");
  }

  @Test
  @Order(1)
  void healthyClusterOverSsh() {
    Exposition m =
        awaitScrape(central, e -> e.value("corosync_cluster_quorate_nodes").orElse(0) == 2);
    assertThat(m.value("corosync_cluster_partitions", "cluster_name", "lab")).hasValue(1);
    assertThat(m.value("corosync_cluster_reachable_nodes", "cluster_name", "lab")).hasValue(2);
    for (String node : List.of("node1", "node2")) {
      String[] id = {"cluster_name", "lab", "node_name", node};
      assertThat(m.value("corosync_exporter_target_up", id)).as(node).hasValue(1);
      assertThat(m.value("corosync_quorate", id)).hasValue(1);
      assertThat(m.value("corosync_quorum_total_votes", id)).hasValue(3);
      assertThat(m.find("corosync_knet_link_connected", id)).hasSize(2);
      // issue 18: the prefix-mode stats query and the timeout prefixes pass the forced command
      assertThat(m.find("corosync_knet_link_pongs_received_total", id)).hasSize(2);
      assertThat(m.value("corosync_totem_token_lost_total", id)).isPresent();
      assertThat(m.value("corosync_scheduler_misses_kept", id)).isPresent();
      assertThat(m.value("corosync_totem_token_timeout_seconds", id)).isPresent();
      assertThat(m.find("corosync_knet_ping_interval_seconds", id)).hasSize(2);
      assertThat(m.value("corosync_qdevice_state", "node_name", node, "state", "connected"))
          .hasValue(1);
      for (String c : List.of("quorum", "links", "config", "qdevice")) {
        assertThat(m.collectorSuccess(node, c)).as(node + " " + c).hasValue(1);
      }
    }
    assertThat(m.value("corosync_qnetd_up", "node_name", lab.addr("qnetd"))).hasValue(1);
    assertThat(m.find("corosync_qnetd_node_vote", "cluster_name", "lab")).hasSize(10);
  }

  @Test
  @Order(2)
  void configurationIsWatchedOverSshAndNotReadEveryScrape() throws Exception {
    Supplier<List<Long>> watchers =
        () ->
            underSshd("node1")
                .filter(h -> h.info().command().orElse("").endsWith("corosync-cmapctl"))
                .map(ProcessHandle::pid)
                .toList();
    await().atMost(Duration.ofSeconds(10)).until(() -> watchers.get().size() == 1);

    // Every tool run is one or more IPC connections to corosync, and corosync counts the closed
    // ones.
    // Per scrape: corosync-quorumtool -p opens 4, the stats query (knet, srp and scheduler misses
    // in
    // one cmapctl run) 1; the configuration query would be a sixth.
    int scrapes = 5;
    long before = closedIpcConnections("node1");
    for (int i = 0; i < scrapes; i++) {
      Lab.scrape(central);
    }
    long during =
        closedIpcConnections("node1") - before - 1; // less the first count's own connection
    assertThat(during)
        .as("IPC connections to node1's corosync in %d scrapes", scrapes)
        .isEqualTo(5L * scrapes);

    // A change under a watched key reaches the scrapes that follow.
    int version =
        (int)
            Lab.scrape(central)
                .value("corosync_config_version", "node_name", "node1")
                .orElseThrow();
    lab.exec(
        "node1",
        "corosync-cmapctl",
        "-s",
        "totem.config_version",
        "u64",
        Integer.toString(version + 1));
    try {
      awaitScrape(
          central,
          e -> e.value("corosync_config_version", "node_name", "node1").orElse(0) == version + 1);
    } finally {
      lab.exec(
          "node1",
          "corosync-cmapctl",
          "-s",
          "totem.config_version",
          "u64",
          Integer.toString(version));
    }
    awaitScrape(
        central,
        e -> e.value("corosync_config_version", "node_name", "node1").orElse(0) == version);

    // A watcher that ends makes the next scrape read afresh and start a new one.
    List<Long> first = watchers.get();
    signal("KILL", first);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              Lab.scrape(central);
              List<Long> now = watchers.get();
              return now.size() == 1 && !now.equals(first);
            });
  }

  /** What a node's sshd runs now: the forced commands and what they started. */
  private static Stream<ProcessHandle> underSshd(String host) {
    return ProcessHandle.of(lab.pid(host, "sshd")).orElseThrow().descendants();
  }

  private static long closedIpcConnections(String host) {
    String line =
        lab.exec(host, "corosync-cmapctl", "-m", "stats", "stats.ipcs.global.closed").strip();
    return Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
  }

  @Test
  @Order(3)
  void probeServesOneClusterAndRefusesOthers() throws Exception {
    Exposition m = Exposition.parse(Lab.get(central + "/probe?target=lab").body());
    assertThat(m.value("corosync_cluster_partitions", "cluster_name", "lab")).hasValue(1);
    HttpResponse<String> unknown = Lab.get(central + "/probe?target=" + lab.addr("node1"));
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("not in the configuration");
  }

  @Test
  @Order(4)
  void isolatedNodeShowsAsSecondPartition() {
    lab.sh("cut", "node2");
    try {
      // The views differ as soon as the memberships do; node2 loses quorum a moment later.
      Exposition m =
          awaitScrape(
              central,
              e ->
                  e.value("corosync_cluster_partitions").orElse(0) == 2
                      && e.value("corosync_activity_blocked", "node_name", "node2").orElse(0) == 1);
      assertThat(m.value("corosync_quorate", "node_name", "node1")).hasValue(1);
      assertThat(m.value("corosync_cluster_quorate_nodes")).hasValue(1);
      assertThat(m.value("corosync_cluster_reachable_nodes")).hasValue(2);
    } finally {
      lab.sh("heal", "node2");
    }
    awaitScrape(
        central,
        e ->
            e.value("corosync_cluster_partitions").orElse(0) == 1
                && e.value("corosync_cluster_quorate_nodes").orElse(0) == 2);
  }

  @Test
  @Order(5)
  void stoppedSshdCostsOnlyThatNode() throws Exception {
    lab.sh("stop", "node2", "sshd");
    try {
      Exposition m =
          awaitScrape(
              central,
              e -> e.value("corosync_exporter_target_up", "node_name", "node2").orElse(1) == 0);
      assertThat(m.value("corosync_exporter_target_up", "node_name", "node1")).hasValue(1);
      assertThat(m.value("corosync_quorate", "node_name", "node1")).hasValue(1);
      assertThat(
              m.has("corosync_quorate")
                  && m.value("corosync_quorate", "node_name", "node2").isPresent())
          .isFalse();
      assertThat(m.value("corosync_cluster_reachable_nodes")).hasValue(1);
      long start = System.nanoTime();
      Lab.scrape(central);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("scrape bounded by the connect timeout")
          .isLessThan(Duration.ofSeconds(5));
    } finally {
      lab.sh("start", "node2", "sshd");
    }
    awaitScrape(
        central, e -> e.value("corosync_exporter_target_up", "node_name", "node2").orElse(0) == 1);
  }

  @Test
  @Order(6)
  void hungNodeDoesNotHoldTheScrapePastPrometheusTimeout() throws Exception {
    long sshd = lab.pid("node2", "sshd");
    // Freeze node2's sshd and the session we hold: commands sent to it get no answer at all.
    List<Long> frozen = new ArrayList<>(List.of(sshd));
    underSshd("node2").forEach(h -> frozen.add(h.pid()));
    signal("STOP", frozen);
    try {
      HttpClient client = HttpClient.newHttpClient();
      long start = System.nanoTime();
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create(central + "/metrics"))
                  .header("X-Prometheus-Scrape-Timeout-Seconds", "1.5")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(took)
          .as("answered before Prometheus gives up")
          .isLessThan(Duration.ofMillis(1500));
      Exposition m = Exposition.parse(r.body());
      assertThat(m.value("corosync_exporter_target_up", "node_name", "node1")).hasValue(1);
      assertThat(m.value("corosync_quorate", "node_name", "node1")).hasValue(1);
      assertThat(m.value("corosync_exporter_target_up", "node_name", "node2")).hasValue(0);
      assertThat(m.collectorSuccess("node2", "quorum")).hasValue(0);
    } finally {
      signal("CONT", frozen);
    }
    awaitScrape(
        central, e -> e.value("corosync_exporter_target_up", "node_name", "node2").orElse(0) == 1);
  }

  /**
   * sshd refuses the client's signals to a forced command, and closing the channel leaves the
   * command running: only the bound the runner puts on every command ends a tool that hangs.
   */
  @Test
  @Order(9)
  void toolsHungOnAFrozenCorosyncAreEndedOnTheNodeAndNeverPileUp() throws Exception {
    String url = startCentral("exporter-frozen", 9681, labDir.resolve("ssh/known_hosts"), "1s");
    Duration commandTimeout = Duration.ofSeconds(1);
    // Every corosync tool that node1's sshd runs for the exporters, except the configuration
    // watchers (-T).
    Supplier<List<ProcessHandle>> tools =
        () ->
            underSshd("node1")
                .filter(h -> h.info().command().orElse("").matches(".*/corosync-[a-z-]+"))
                .filter(
                    h -> !h.info().arguments().map(a -> List.of(a).contains("-T")).orElse(false))
                .toList();
    awaitScrape(url, e -> e.collectorSuccess("node1", "quorum").orElse(0) == 1);
    int before = tools.get().size();
    lab.sh("freeze", "node1", "corosync");
    try {
      // One scrape, watching every tool it starts on node1 until it is gone.
      CompletableFuture<Exposition> scrape = CompletableFuture.supplyAsync(() -> Lab.scrape(url));
      Map<Long, Instant> started = new HashMap<>();
      Map<Long, Duration> lifetimes = new HashMap<>();
      long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < until
          && !(scrape.isDone() && lifetimes.keySet().containsAll(started.keySet()))) {
        for (ProcessHandle h : tools.get()) {
          started.computeIfAbsent(h.pid(), p -> h.info().startInstant().orElse(Instant.now()));
        }
        for (var e : started.entrySet()) {
          if (!lifetimes.containsKey(e.getKey())
              && ProcessHandle.of(e.getKey()).map(h -> !h.isAlive()).orElse(true)) {
            lifetimes.put(e.getKey(), Duration.between(e.getValue(), Instant.now()));
          }
        }
        Thread.sleep(20);
      }
      Exposition m = scrape.get();
      assertThat(m.collectorSuccess("node1", "quorum")).hasValue(0);
      assertThat(started).as("tools that hung on the frozen corosync").isNotEmpty();
      assertThat(lifetimes.keySet()).as("every hung tool ended").isEqualTo(started.keySet());
      Duration longest = lifetimes.values().stream().max(Duration::compareTo).orElseThrow();
      System.out.printf(
          "frozen corosync: %d hung tools in one scrape, longest lived %d ms (command_timeout %d ms)%n",
          started.size(), longest.toMillis(), commandTimeout.toMillis());
      assertThat(longest)
          .as("hung tool gone from the node within command_timeout + margin")
          .isLessThan(commandTimeout.plusSeconds(2));

      // Twenty timed-out scrapes in a row leave nothing behind: right after each, no tool is alive
      // twice (a second generation of the same command would be a pile-up). How many tools hang
      // in one scrape varies, 2 or 3: corosync-qdevice-tool hangs only once the qdevice daemon
      // itself is stuck on the frozen corosync (seen on the lab), so the count of the first
      // scrape is no bound for the later ones.
      int most = 0;
      for (int i = 0; i < 20; i++) {
        Exposition each = Lab.scrape(url);
        assertThat(each.collectorSuccess("node1", "quorum")).hasValue(0);
        List<String> alive =
            tools.get().stream().map(h -> h.info().commandLine().orElse("?")).toList();
        assertThat(alive).as("hung tools never pile up across scrapes").doesNotHaveDuplicates();
        most = Math.max(most, alive.size());
      }
      int rightAfter = tools.get().size();
      await()
          .atMost(commandTimeout.plusSeconds(2))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> tools.get().isEmpty());
      System.out.printf(
          "frozen corosync: node1 tools before %d, at most %d between scrapes, right after 20 scrapes %d, "
              + "%s later 0%n",
          before, most, rightAfter, commandTimeout.plusSeconds(2));
      // The forced command is in place, and the channel's KILL did not do it: sshd refused it.
      assertThat(lab.daemonLog("node1", "sshd"))
          .contains("refusing to send signal KILL to forced-command session");
    } finally {
      lab.sh("thaw", "node1", "corosync");
      stop(Lab.MONITOR, "exporter-frozen");
    }
    awaitScrape(
        central,
        e ->
            e.value("corosync_cluster_quorate_nodes").orElse(0) == 2
                && e.collectorSuccess("node1", "quorum").orElse(0) == 1);
  }

  @Test
  @Order(10)
  void stoppingTheExporterEndsItsWatchersOnTheNodes() throws Exception {
    Supplier<List<ProcessHandle>> watchers =
        () ->
            ProcessHandle.allProcesses()
                .filter(h -> h.info().command().orElse("").endsWith("corosync-cmapctl"))
                .filter(h -> h.info().startInstant().map(t -> t.isAfter(started)).orElse(false))
                .toList();
    assertThat(watchers.get()).as("watchers of both exporters").isNotEmpty();
    for (String name : List.of("exporter", "exporter-wrongkey")) {
      stop(Lab.MONITOR, name);
    }
    // sshd would leave them running after the connection closes; the exporter quits them on its way
    // out.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(watchers.get()).isEmpty());
  }

  /** SIGTERM to a daemon lab.sh spawned, and its end awaited: the exporter's own way out. */
  private static void stop(String host, String name) throws Exception {
    ProcessHandle daemon = ProcessHandle.of(lab.pid(host, name)).orElseThrow();
    daemon.destroy();
    daemon.onExit().get(30, TimeUnit.SECONDS);
  }

  private static void signal(String sig, List<Long> pids) throws Exception {
    List<String> argv = new ArrayList<>(List.of("kill", "-" + sig));
    pids.forEach(p -> argv.add(Long.toString(p)));
    new ProcessBuilder(argv).start().waitFor();
  }

  @Test
  @Order(7)
  void changedHostKeyIsRefused() throws Exception {
    Path wrong = labDir.resolve("ssh/known_hosts.wrong");
    Path other = labDir.resolve("ssh/other_key");
    new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString())
        .start()
        .waitFor();
    String otherKey =
        Files.readString(Path.of(other + ".pub")).split(" ")[0]
            + " "
            + Files.readString(Path.of(other + ".pub")).split(" ")[1];
    StringBuilder lines = new StringBuilder();
    for (String line : Files.readAllLines(labDir.resolve("ssh/known_hosts"))) {
      lines
          .append(
              line.startsWith(lab.addr("node1") + " ") ? lab.addr("node1") + " " + otherKey : line)
          .append('\n');
    }
    Files.writeString(wrong, lines);
    String url = startCentral("exporter-wrongkey", 9680, wrong, "3s");
    Exposition m =
        awaitScrape(
            url, e -> e.value("corosync_exporter_target_up", "node_name", "node2").orElse(0) == 1);
    assertThat(m.value("corosync_exporter_target_up", "node_name", lab.addr("node1"))).hasValue(0);
    assertThat(m.collectorSuccess(lab.addr("node1"), "quorum")).hasValue(0);
    assertThat(lab.exporterLog(Lab.MONITOR).isEmpty()).isFalse();
    assertThat(lab.daemonLog(Lab.MONITOR, "exporter-wrongkey")).contains("HOST KEY CHANGED");
  }
}
