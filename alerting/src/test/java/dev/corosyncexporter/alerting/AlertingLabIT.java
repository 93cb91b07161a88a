package dev.corosyncexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.corosyncexporter.config.Durations;
import dev.corosyncexporter.lab.Lab;
import dev.corosyncexporter.lab.MonitoringStack;
import dev.corosyncexporter.lab.WebhookReceiver;
import dev.corosyncexporter.lab.WebhookReceiver.Delivery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The shipped rules and Alertmanager config, loaded into Debian's Prometheus and Alertmanager,
 * watching the real lab cluster; a webhook receiver stands in for the pager and the ticket queue.
 * Pages and infos run with the shipped {@code for:} durations. Warnings, whose {@code for:} is
 * minutes long on purpose, are capped at 15 s here, and the rule groups evaluated every 30 s are
 * brought to the 10 s the quorum group has as shipped, so the suite stays short; the conditions are
 * unchanged.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertingLabIT {
  private static final Duration WARNING_FOR_CAP = Duration.ofSeconds(15);

  /** The quorum group already runs every 10 s as shipped; the slower groups are brought to that. */
  private static final Duration GROUP_INTERVAL_CAP = Duration.ofSeconds(10);

  private static final Duration PAGE_DEADLINE = Duration.ofSeconds(45);

  private static Lab lab;
  private static MonitoringStack monitoring;
  private static WebhookReceiver hook;
  private static AlertWatch watch;
  private static final List<String> timings = new ArrayList<>();

  @BeforeAll
  static void up() throws Exception {
    hook = new WebhookReceiver();
    watch = new AlertWatch(hook, () -> monitoring);
    lab = Lab.up("--nodes", "2", "--qdevice", "--links", "2");
    List<String> targets = new ArrayList<>();
    for (String host : List.of("node1", "node2")) {
      lab.startExporter(host);
      targets.add(lab.addr(host) + ":" + Lab.EXPORTER_PORT);
    }
    lab.startExporter("qnetd", "--collector.disable-defaults", "--collector.qnetd");
    targets.add(lab.addr("qnetd") + ":" + Lab.EXPORTER_PORT);
    monitoring =
        MonitoringStack.start(targets, "5s", labRules(), watch.shippedAlertmanagerConfig());
  }

  @AfterAll
  static void down() throws Exception {
    if (!timings.isEmpty()) {
      Path report = Path.of("target/alert-timings.txt");
      Files.writeString(report, String.join("\n", timings) + "\n");
      System.out.println("fault-to-notification times:\n" + String.join("\n", timings));
    }
    if (monitoring != null) {
      monitoring.close();
    }
    if (lab != null) {
      lab.close();
    }
    if (hook != null) {
      hook.close();
    }
  }

  @Test
  @Order(1)
  void healthyClusterPagesNobody() throws Exception {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> monitoring.query("corosync_quorate").size() == 2);
    Lab.sleep(30_000);
    assertThat(monitoring.alerts()).as("no alert even pending on a healthy cluster").isEmpty();
    assertThat(hook.deliveries()).isEmpty();
  }

  @Test
  @Order(2)
  void everyDashboardQueryIsValidAndReturnsData() throws Exception {
    List<String> empty = new ArrayList<>();
    for (String q : dashboardQueries()) {
      JsonNode result = monitoring.query(q); // fails the test on invalid PromQL
      if (result.isEmpty() && !expectedEmptyWhenHealthy(q)) {
        empty.add(q);
      }
    }
    assertThat(empty).as("dashboard queries without data on the lab").isEmpty();
  }

  @Test
  @Order(3)
  void oneLinkCutRaisesOnlyTheLinkAlert() throws Exception {
    Instant t0 = Instant.now();
    lab.sh("cut", "node2", "1");
    try {
      Delivery d =
          watch.awaitFiring("ticket", "CorosyncLinkDown", null, Duration.ofSeconds(150), t0);
      record("link 1 of node2 cut -> CorosyncLinkDown (ticket)", t0, d);
      // While it fires, the ALERTS-based panels have data too.
      for (String q : dashboardQueries()) {
        if (q.contains("ALERTS")) {
          assertThat(monitoring.query(q)).as(q).isNotEmpty();
        }
      }
      Lab.sleep(10_000);
      assertThat(watch.alertnamesSince(t0)).containsOnly("CorosyncLinkDown");
    } finally {
      lab.sh("heal", "node2", "1");
    }
    watch.awaitQuiet();
  }

  @Test
  @Order(4)
  void isolatedNodePagesForItselfWithinTheFencingWindow() throws Exception {
    Instant t0 = Instant.now();
    lab.sh("cut", "node2");
    try {
      Delivery page = watch.awaitFiring("oncall", "CorosyncQuorumLost", "node2", PAGE_DEADLINE, t0);
      record("node2 isolated -> CorosyncQuorumLost for node2 (page)", t0, page);
      // Long enough for the survivor's at-risk page (for: 1m) to fire in Prometheus: it must stay
      // inhibited, since the survivor keeps quorum with the QDevice's vote.
      Lab.sleep(75_000);
      List<Delivery> pages =
          watch.firingSince(t0).stream().filter(d -> d.receiver().equals("oncall")).toList();
      assertThat(pages).extracting(Delivery::alertname).containsOnly("CorosyncQuorumLost");
      assertThat(pages).extracting(d -> d.labels().get("node_name")).containsOnly("node2");
    } finally {
      lab.sh("heal", "node2");
    }
    watch.awaitQuiet();
  }

  @Test
  @Order(5)
  void qnetdStoppedWarnsAboutTheQdeviceAndPagesQuorumAtRisk() throws Exception {
    Instant t0 = Instant.now();
    lab.sh("stop", "qnetd", "qnetd");
    try {
      Delivery atRisk =
          watch.awaitFiring("oncall", "CorosyncQuorumAtRisk", null, Duration.ofSeconds(150), t0);
      record("QNetd stopped -> CorosyncQuorumAtRisk (page)", t0, atRisk);
      // The QDevice warnings: firing in Prometheus is what the rules decide. Their delivery can
      // wait
      // for Alertmanager's 5 m group_interval when the same group already notified during an
      // earlier scenario, which is routing behaviour, not a rule property.
      watch.awaitFiringInPrometheus("CorosyncQDeviceNotVoting", Duration.ofSeconds(90));
      watch.awaitFiringInPrometheus("CorosyncQDeviceDisconnected", Duration.ofSeconds(90));
      watch.awaitFiring("ticket", "CorosyncQNetdDown", null, Duration.ofSeconds(120), t0);
      assertThat(watch.alertnamesSince(t0)).doesNotContain("CorosyncQuorumLost");
    } finally {
      lab.sh("start", "qnetd", "qnetd");
    }
    watch.awaitQuiet();
  }

  @Test
  @Order(6)
  void twoNodesWithoutQdeviceWarnByDesignThenPageWhenOneStops() throws Exception {
    monitoring.close();
    lab.close();
    hook.clear();
    lab = Lab.up("--nodes", "2", "--links", "1");
    List<String> targets = new ArrayList<>();
    for (String host : List.of("node1", "node2")) {
      lab.startExporter(host);
      targets.add(lab.addr(host) + ":" + Lab.EXPORTER_PORT);
    }
    monitoring =
        MonitoringStack.start(targets, "5s", labRules(), watch.shippedAlertmanagerConfig());
    Instant t0 = Instant.now();
    Delivery design =
        watch.awaitFiring(
            "ticket", "CorosyncNoFailureTolerance", null, Duration.ofSeconds(120), t0);
    record("2 nodes, no QDevice -> CorosyncNoFailureTolerance (ticket)", t0, design);
    Lab.sleep(10_000);
    assertThat(watch.alertnamesSince(t0)).containsOnly("CorosyncNoFailureTolerance");

    Instant t1 = Instant.now();
    lab.sh("stop", "node2", "corosync");
    Delivery page = watch.awaitFiring("oncall", "CorosyncQuorumLost", "node1", PAGE_DEADLINE, t1);
    record("2 nodes, node2 stopped -> CorosyncQuorumLost for node1 (page)", t1, page);
  }

  // --- helpers -------------------------------------------------------------------------------

  private static void record(String what, Instant fault, Delivery d) {
    timings.add(
        String.format("%-62s %5.1f s", what, Duration.between(fault, d.at()).toMillis() / 1000.0));
  }

  private static List<String> dashboardQueries() {
    return DashboardQueries.queries(
        Repo.root().resolve("dashboards"),
        Map.of(
            "cluster_name",
            "lab",
            "node_name",
            ".*",
            "__rate_interval",
            "1m",
            "__interval",
            "15s",
            "__range",
            "5m"));
  }

  /**
   * Alert lists and change annotations are empty by definition while nothing happens. This lab runs
   * corosync without pmxcfs, so the Proxmox VE row (pve collector) has no data here.
   */
  private static boolean expectedEmptyWhenHealthy(String q) {
    return q.contains("ALERTS")
        || q.contains("corosync_pve_")
        || q.matches("(?s).*changes\\(.*\\)\\s*>\\s*0\\s*");
  }

  /**
   * The shipped rules, with warnings' `for` and the groups' evaluation interval capped (see the
   * class comment).
   */
  private static String labRules() throws Exception {
    JsonNode rules = AlertWatch.YAML.readTree(Files.readString(Repo.rulesFile()));
    for (JsonNode group : rules.path("groups")) {
      if (group.has("interval")
          && Durations.parse(group.get("interval").asText()).compareTo(GROUP_INTERVAL_CAP) > 0) {
        ((ObjectNode) group).put("interval", GROUP_INTERVAL_CAP.toSeconds() + "s");
      }
      for (JsonNode rule : group.path("rules")) {
        if (!rule.has("alert")
            || !"warning".equals(rule.path("labels").path("severity").asText())) {
          continue;
        }
        if (rule.has("for")
            && Durations.parse(rule.get("for").asText()).compareTo(WARNING_FOR_CAP) > 0) {
          ((ObjectNode) rule).put("for", WARNING_FOR_CAP.toSeconds() + "s");
        }
      }
    }
    return AlertWatch.YAML.writeValueAsString(rules);
  }
}
