package dev.corosyncexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.corosyncexporter.config.Durations;
import dev.corosyncexporter.lab.Lab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the alerting lab tests share: the lab cluster with an exporter per host, Debian's Prometheus
 * and Alertmanager watching them with the shipped Alertmanager config, the webhook receiver that
 * stands in for the pager and the ticket queue, and the fault-to-notification times the scenarios
 * record, written to a report under target/ when the class ends. A test class holds it in a static
 * {@code @AutoClose} field.
 */
final class AlertingLab implements AutoCloseable {
  /** On the QNetd host only the qnetd collector runs, as an operator would set it up. */
  private static final String QNETD = "qnetd";

  private static final String[] QNETD_FLAGS = {"--collector.disable-defaults", "--collector.qnetd"};

  private static final Duration WARNING_FOR_CAP = Duration.ofSeconds(15);

  /** The quorum group already runs every 10 s as shipped; the slower groups are brought to that. */
  private static final Duration GROUP_INTERVAL_CAP = Duration.ofSeconds(10);

  private final Path report;
  private final String reportTitle;
  private final WebhookReceiver hook;
  private final AlertWatch watch;
  private final List<String> timings = new ArrayList<>();
  private Lab lab;
  private MonitoringStack monitoring;

  private AlertingLab(Path report, String reportTitle) throws IOException {
    this.report = report;
    this.reportTitle = reportTitle;
    this.hook = new WebhookReceiver();
    this.watch = new AlertWatch(hook, () -> monitoring);
  }

  /** The webhook receiver started; no lab yet. Times go to target/REPORTFILE under that title. */
  static AlertingLab reportingTo(String reportFile, String reportTitle) throws IOException {
    return new AlertingLab(Path.of("target", reportFile), reportTitle);
  }

  /**
   * Brings up a lab of that shape (lab.sh up), after stopping the monitoring stack and the lab of
   * an earlier call and forgetting what was delivered to the receiver; returns it to be prepared
   * before {@link #monitor} starts the exporters.
   */
  Lab up(String... shape) {
    stopLabAndMonitoring();
    hook.clear();
    lab = Lab.up(shape);
    return lab;
  }

  /**
   * Starts an exporter on each host, then Prometheus scraping them at that interval with these
   * rules, and Alertmanager with the shipped config sending to the receiver.
   */
  void monitor(String scrapeInterval, String rules, String... hosts) throws Exception {
    List<String> targets = new ArrayList<>();
    for (String host : hosts) {
      lab.startExporter(host, QNETD.equals(host) ? QNETD_FLAGS : new String[0]);
      targets.add(lab.addr(host) + ":" + Lab.EXPORTER_PORT);
    }
    monitoring =
        MonitoringStack.start(targets, scrapeInterval, rules, watch.shippedAlertmanagerConfig());
  }

  Lab lab() {
    return lab;
  }

  MonitoringStack monitoring() {
    return monitoring;
  }

  WebhookReceiver hook() {
    return hook;
  }

  AlertWatch watch() {
    return watch;
  }

  /** One line of the report: what happened, and how long from fault to notification. */
  void record(String what, Instant fault, Instant notified) {
    timings.add(
        String.format(
            "%-62s %5.1f s", what, Duration.between(fault, notified).toMillis() / 1000.0));
  }

  /**
   * The queries that return nothing, leaving out those that may; each must be valid PromQL (an
   * invalid one fails the test).
   */
  List<String> withoutData(List<String> queries, Predicate<String> mayBeEmpty) throws IOException {
    List<String> empty = new ArrayList<>();
    for (String q : queries) {
      if (monitoring.query(q).isEmpty() && !mayBeEmpty.test(q)) {
        empty.add(q);
      }
    }
    return empty;
  }

  /** Waits that long, then asserts that no alert is even pending and nothing was delivered. */
  void assertQuietFor(Duration wait) throws IOException {
    Lab.sleep(wait.toMillis());
    assertThat(monitoring.alerts()).as("no alert even pending on a healthy cluster").isEmpty();
    assertThat(hook.deliveries()).as("deliveries").isEmpty();
  }

  /** Every query of the shipped dashboards, with their variables set for the lab's cluster. */
  static List<String> dashboardQueries() {
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
   * The shipped rules with warnings' {@code for} capped at 15 s and every group evaluated at least
   * every 10 s (the quorum group's shipped interval), so that lab suites stay short; the conditions
   * and windows are unchanged. Pages and infos keep their shipped {@code for}.
   */
  static String rulesWithShortWaits() throws Exception {
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

  @Override
  public void close() throws IOException {
    try {
      if (!timings.isEmpty()) {
        Files.writeString(report, String.join("\n", timings) + "\n");
        System.out.println(reportTitle + ":\n" + String.join("\n", timings));
      }
    } finally {
      stopLabAndMonitoring();
      hook.close();
    }
  }

  private void stopLabAndMonitoring() {
    try {
      if (monitoring != null) {
        monitoring.close();
        monitoring = null;
      }
    } finally {
      if (lab != null) {
        lab.close();
        lab = null;
      }
    }
  }
}
