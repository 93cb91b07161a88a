package dev.corosyncexporter.lab;

import static dev.corosyncexporter.lab.Lab.awaitScrape;
import static dev.corosyncexporter.lab.Lab.scrape;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The exporter on a real two-node cluster with a QDevice and two knet links, through the faults an
 * operator must hear about.
 *
 * <p>The scenarios run in order ({@code @Order}) on one lab, each leaving the cluster healthy for
 * the next: a failure early in the class can cascade into the ones after it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodesQdeviceLabIT {
  private static final Duration CONVERGE = Duration.ofSeconds(60);
  @AutoClose private static Lab lab;
  private static String node1;
  private static String node2;
  private static String qnetd;

  @BeforeAll
  static void up() {
    lab = Lab.up("--nodes", "2", "--qdevice", "--links", "2");
    node1 = lab.startExporter("node1");
    node2 = lab.startExporter("node2");
    // No flags: the exporter finds QNetd running and no corosync configured on this host.
    qnetd = lab.startExporter("qnetd");
  }

  @Test
  @Order(1)
  void healthyClusterExportsTheWholeContract() {
    Exposition m = awaitScrape(node1, e -> e.value("corosync_quorum_total_votes").orElse(0) == 3);
    String[] id = {"cluster_name", "lab", "node_name", "node1"};
    assertThat(m.value("corosync_quorate", id)).hasValue(1);
    assertThat(m.value("corosync_activity_blocked", id)).hasValue(0);
    assertThat(m.value("corosync_quorum_expected_votes", id)).hasValue(3);
    assertThat(m.value("corosync_quorum_highest_expected_votes", id)).hasValue(3);
    assertThat(m.value("corosync_quorum_required_votes", id)).hasValue(2);
    assertThat(m.value("corosync_membership_nodes", id)).hasValue(2);
    assertThat(m.value("corosync_ring_sequence", id)).isPresent();
    assertThat(m.find("corosync_quorum_flag", id))
        .extracting(s -> s.labels().get("flag"))
        .containsExactlyInAnyOrder(
            "two_node",
            "wait_for_all",
            "last_man_standing",
            "auto_tie_breaker",
            "allow_downscale",
            "qdevice");
    assertThat(m.value("corosync_quorum_flag", "flag", "qdevice")).hasValue(1);
    assertThat(m.value("corosync_quorum_flag", "flag", "two_node")).hasValue(0);
    assertThat(m.value("corosync_member_votes", "member_id", "2", "member_name", "node2"))
        .hasValue(1);
    for (String member : List.of("1", "2")) {
      for (String flag : List.of("registered", "alive", "voting")) {
        assertThat(m.value("corosync_member_qdevice_flag", "member_id", member, "flag", flag))
            .as(member + " " + flag)
            .hasValue(1);
      }
      assertThat(
              m.value("corosync_member_qdevice_flag", "member_id", member, "flag", "master_wins"))
          .hasValue(0);
    }
    assertThat(m.value("corosync_qdevice_votes", id)).hasValue(1);
    assertThat(m.value("corosync_qdevice_configured_votes", id)).hasValue(1);
    assertThat(m.value("corosync_config_nodes", id)).hasValue(2);
    assertThat(m.value("corosync_config_votes", id)).hasValue(3);
    assertThat(m.value("corosync_config_links", id)).hasValue(2);
    assertThat(m.value("corosync_config_version", id)).hasValue(1);
    for (String link : List.of("0", "1")) {
      String[] l = {"link", link, "peer_id", "2", "peer_name", "node2"};
      assertThat(m.value("corosync_knet_link_connected", l)).hasValue(1);
      assertThat(m.value("corosync_knet_link_enabled", l)).hasValue(1);
      assertThat(m.value("corosync_knet_link_mtu_bytes", l)).isPresent();
      assertThat(m.value("corosync_knet_link_down_total", l)).isPresent();
    }
    await().atMost(CONVERGE).until(() -> scrape(node1).has("corosync_knet_link_latency_seconds"));
    assertThat(m.value("corosync_knet_peer_reachable", "peer_id", "2", "peer_name", "node2"))
        .hasValue(1);
    assertThat(m.value("corosync_qdevice_up", id)).hasValue(1);
    assertThat(m.value("corosync_qdevice_state", "state", "connected")).hasValue(1);
    assertThat(m.find("corosync_qdevice_state")).hasSize(4);
    assertThat(
            m.find(
                "corosync_qdevice_info",
                "model",
                "Net",
                "algorithm",
                "Fifty-Fifty split",
                "qnetd_host",
                "192.0.2.100:5403"))
        .hasSize(1);
    for (String c : List.of("quorum", "links", "config", "qdevice")) {
      assertThat(m.collectorSuccess(c)).as(c).hasValue(1);
      assertThat(m.value("corosync_exporter_collector_duration_seconds", "collector", c))
          .isPresent();
    }
    assertThat(m.find("corosync_exporter_build_info", id)).hasSize(1);

    Exposition q = awaitScrape(qnetd, e -> e.value("corosync_qnetd_clients").orElse(0) == 2);
    assertThat(
            q.value(
                "corosync_qnetd_up",
                "node_name",
                q.first("corosync_qnetd_up").orElseThrow().labels().get("node_name")))
        .hasValue(1);
    assertThat(q.first("corosync_qnetd_up").orElseThrow().labels())
        .doesNotContainKey("cluster_name");
    assertThat(q.value("corosync_qnetd_clusters")).hasValue(1);
    for (String member : List.of("1", "2")) {
      assertThat(q.find("corosync_qnetd_node_vote", "cluster_name", "lab", "member_id", member))
          .hasSize(5);
      double acked =
          q.value("corosync_qnetd_node_vote", "member_id", member, "vote", "ack").orElse(0)
              + q.value("corosync_qnetd_node_vote", "member_id", member, "vote", "no_change")
                  .orElse(0);
      assertThat(acked).as("member %s has an ACK or no-change vote", member).isEqualTo(1);
    }
  }

  @Test
  @Order(2)
  void realScrapePassesPromtool() throws Exception {
    String body = Lab.get(node1 + "/metrics").body();
    Process p =
        new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    p.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("promtool check metrics:\n" + out).isZero();
  }

  @Test
  @Order(3)
  void openMetricsAndGzipAreNegotiated() throws Exception {
    var client = HttpClient.newHttpClient();
    HttpResponse<byte[]> om =
        client.send(
            HttpRequest.newBuilder(URI.create(node1 + "/metrics"))
                .header("Accept", "application/openmetrics-text; version=1.0.0")
                .header("Accept-Encoding", "gzip")
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(om.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/openmetrics-text"));
    assertThat(om.headers().firstValue("Content-Encoding")).hasValue("gzip");
    String text =
        new String(
            new GZIPInputStream(new ByteArrayInputStream(om.body())).readAllBytes(),
            StandardCharsets.UTF_8);
    assertThat(text).contains("corosync_quorate{").endsWith("# EOF\n");
  }

  @Test
  @Order(4)
  void oneLinkOfAPeerCut() {
    lab.sh("cut", "node2", "1");
    try {
      Exposition m =
          awaitScrape(
              node1,
              e ->
                  e.value("corosync_knet_link_connected", "link", "1", "peer_id", "2").orElse(-1)
                      == 0);
      assertThat(m.value("corosync_knet_link_connected", "link", "0", "peer_id", "2")).hasValue(1);
      assertThat(m.value("corosync_knet_peer_reachable", "peer_id", "2")).hasValue(1);
      assertThat(m.value("corosync_quorate")).hasValue(1);
      assertThat(m.value("corosync_quorum_total_votes")).hasValue(3);
    } finally {
      lab.sh("heal", "node2", "1");
    }
    awaitScrape(
        node1,
        e -> e.value("corosync_knet_link_connected", "link", "1", "peer_id", "2").orElse(-1) == 1);
  }

  @Test
  @Order(5)
  void isolatedNodeBlocksAndSurvivorKeepsQuorumWithTheQdevice() {
    lab.sh("cut", "node2");
    try {
      Exposition isolated =
          awaitScrape(node2, e -> e.value("corosync_activity_blocked").orElse(0) == 1);
      assertThat(isolated.value("corosync_quorate", "node_name", "node2")).hasValue(0);
      assertThat(isolated.value("corosync_membership_nodes")).hasValue(1);
      Exposition survivor =
          awaitScrape(
              node1,
              e ->
                  e.value("corosync_membership_nodes").orElse(0) == 1
                      && e.value("corosync_quorum_total_votes").orElse(0) == 2);
      assertThat(survivor.value("corosync_quorate")).hasValue(1);
      assertThat(survivor.value("corosync_activity_blocked")).hasValue(0);
      assertThat(survivor.value("corosync_knet_peer_reachable", "peer_id", "2")).hasValue(0);
      assertThat(survivor.value("corosync_qdevice_votes")).hasValue(1);
    } finally {
      lab.sh("heal", "node2");
    }
    awaitHealthy();
  }

  @Test
  @Order(6)
  void qnetdStoppedTakesTheQdeviceVote() {
    lab.sh("stop", "qnetd", "qnetd");
    try {
      Exposition q = awaitScrape(qnetd, e -> e.value("corosync_qnetd_up").orElse(-1) == 0);
      assertThat(q.collectorSuccess("qnetd")).hasValue(1);
      Exposition m =
          awaitScrape(
              node1,
              e ->
                  e.value("corosync_qdevice_state", "state", "connect_failed").orElse(0) == 1
                      && e.value("corosync_member_qdevice_flag", "member_id", "2", "flag", "voting")
                              .orElse(-1)
                          == 0);
      assertThat(m.value("corosync_member_qdevice_flag", "member_id", "1", "flag", "voting"))
          .hasValue(0);
      assertThat(m.value("corosync_qdevice_votes")).hasValue(0);
      assertThat(m.value("corosync_quorum_total_votes")).hasValue(2);
      assertThat(m.value("corosync_quorate")).hasValue(1);
      assertThat(m.value("corosync_qdevice_up")).hasValue(1);
    } finally {
      lab.sh("start", "qnetd", "qnetd");
    }
    awaitHealthy();
  }

  @Test
  @Order(7)
  void concurrentScrapesAllSucceedAndLeaveNoChildren() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> codes = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        codes.add(pool.submit(() -> Lab.get(node1 + "/metrics").statusCode()));
      }
      for (var f : codes) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
    // The only child left is the configuration watcher (timeout, running corosync-cmapctl -T):
    // no tool run of a scrape outlives it, and none is left a zombie.
    List<String> children =
        ProcessHandle.of(lab.pid("node1", "exporter"))
            .orElseThrow()
            .children()
            .map(h -> h.info().command().orElse("?"))
            .toList();
    assertThat(children)
        .allMatch(c -> c.endsWith("/timeout"), "only the config watcher: " + children);
    assertThat(children).hasSizeLessThanOrEqualTo(1);
  }

  @Test
  @Order(100)
  void withoutFlagsTheQnetdHostExportsQnetdAndNoFailingCorosyncCollector() {
    Exposition e = scrape(qnetd);
    assertThat(e.value("corosync_qnetd_up")).hasValue(1);
    assertThat(e.collectorSuccess("qnetd")).hasValue(1);
    for (String corosync : List.of("quorum", "links", "config", "qdevice")) {
      assertThat(e.collectorSuccess(corosync)).as(corosync).isEmpty();
      assertThat(e.value("corosync_exporter_collector_enabled", "collector", corosync))
          .as(corosync)
          .hasValue(0);
    }
    assertThat(e.value("corosync_exporter_collector_enabled", "collector", "qnetd")).hasValue(1);
    assertThat(lab.exporterLog("qnetd"))
        .contains("qnetd on (detected)", "quorum off (not detected)");
  }

  /**
   * corosync frozen (SIGSTOP): every tool that asks it hangs. The scrape still answers by
   * Prometheus' deadline, with the collectors that needed corosync failed, rather than Prometheus
   * marking the target down.
   */
  @Test
  @Order(110)
  void aFrozenCorosyncCostsTheCollectorsNotTheScrapeDeadline() throws Exception {
    lab.freeze("node1", "corosync");
    try {
      for (int i = 0; i < 3; i++) {
        long start = System.nanoTime();
        var r = Lab.get(node1 + "/metrics", Map.of("X-Prometheus-Scrape-Timeout-Seconds", "5"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(r.statusCode()).isEqualTo(200);
        System.out.printf("frozen corosync, header 5 s: answered in %d ms%n", took.toMillis());
        assertThat(took).as("answered within Prometheus' 5 s").isLessThan(Duration.ofSeconds(5));
        Exposition e = Exposition.parse(r.body());
        assertThat(e.collectorSuccess("quorum")).hasValue(0);
        assertThat(e.collectorSuccess("links")).hasValue(0);
        assertThat(e.value("corosync_quorate")).isEmpty();
      }
      long start = System.nanoTime();
      var r = Lab.get(node1 + "/metrics");
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(r.statusCode()).isEqualTo(200);
      System.out.printf("frozen corosync, no header: answered in %d ms%n", took.toMillis());
      assertThat(took)
          .as("without the header, within Prometheus' default 10 s")
          .isLessThan(Duration.ofSeconds(10));
      assertThat(Exposition.parse(r.body()).collectorSuccess("quorum")).hasValue(0);
    } finally {
      lab.thaw("node1", "corosync");
    }
    awaitHealthy();
  }

  private static void awaitHealthy() {
    awaitScrape(
        node1,
        e ->
            e.value("corosync_quorum_total_votes").orElse(0) == 3
                && e.value("corosync_membership_nodes").orElse(0) == 2);
    awaitScrape(node2, e -> e.value("corosync_quorum_total_votes").orElse(0) == 3);
  }
}
