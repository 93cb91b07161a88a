package dev.corosyncexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corosyncexporter.config.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * alert-rules/corosync.rules.yml: promtool check + unit tests, and the conventions every alert
 * follows.
 */
class RulesTest {

  static final String RUNBOOK_PREFIX =
      "https://github.com/corosync-exporter/corosync-exporter/blob/main/docs/runbooks.md#";
  static final Set<String> SEVERITIES = Set.of("page", "warning", "info");

  /** Alerts whose subject has no cluster_name (a QNetd host, the scrape config). */
  static final Set<String> CLUSTERLESS = Set.of("CorosyncQNetdDown", "CorosyncExporterAbsent");

  /** Alerts about a whole cluster or the scrape config rather than one node's view. */
  static final Set<String> NODELESS =
      Set.of("CorosyncClusterUnobservable", "CorosyncExporterAbsent", "ProxmoxHaDisarmed");

  @Test
  void promtoolCheckRules() {
    Tools.Result r =
        Tools.run(
            Repo.alertRulesDir(),
            Tools.promtool().toString(),
            "check",
            "rules",
            "corosync.rules.yml");
    assertThat(r.ok()).as("promtool check rules:%n%s", r.output()).isTrue();
    assertThat(r.output()).contains("SUCCESS");
  }

  @TestFactory
  Stream<DynamicTest> promtoolUnitTests() {
    List<Path> files = unitTestFiles();
    assertThat(files).as("alert-rules/tests/*_test.yml").isNotEmpty();
    return files.stream()
        .map(
            f ->
                DynamicTest.dynamicTest(
                    f.getFileName().toString(),
                    () -> {
                      Tools.Result r =
                          Tools.run(
                              f.getParent(),
                              Tools.promtool().toString(),
                              "test",
                              "rules",
                              f.getFileName().toString());
                      assertThat(r.ok())
                          .as("promtool test rules %s:%n%s", f.getFileName(), r.output())
                          .isTrue();
                    }));
  }

  @Test
  void everyAlertHasSeverityAnnotationsAndARunbookSection() {
    Set<String> anchors = Runbooks.anchors(Repo.read(Repo.runbooks()));
    for (JsonNode rule : Repo.alertRules()) {
      String name = rule.get("alert").asText();
      // Proxmox*: about the Proxmox VE layer on top of corosync (pmxcfs, HA manager, watchdog)
      assertThat(name).as("alert name").matches("(Corosync|Proxmox)[A-Z][A-Za-z]+");
      assertThat(rule.path("labels").path("severity").asText())
          .as("%s severity", name)
          .isIn(SEVERITIES);
      JsonNode ann = rule.path("annotations");
      assertThat(ann.path("summary").asText()).as("%s summary", name).isNotBlank();
      String description = ann.path("description").asText();
      assertThat(description).as("%s description", name).isNotBlank();
      if (!CLUSTERLESS.contains(name)) {
        assertThat(ann.path("summary").asText() + description)
            .as("%s names the cluster", name)
            .contains("$labels.cluster_name");
      }
      if (!NODELESS.contains(name)) {
        assertThat(ann.path("summary").asText() + description)
            .as("%s names the node", name)
            .contains("$labels.node_name");
      }
      String runbook = ann.path("runbook_url").asText();
      assertThat(runbook).as("%s runbook_url", name).startsWith(RUNBOOK_PREFIX);
      String anchor = runbook.substring(RUNBOOK_PREFIX.length());
      assertThat(anchor).as("%s runbook anchor", name).isEqualTo(name.toLowerCase(Locale.ROOT));
      assertThat(anchors).as("docs/runbooks.md has a heading for #%s", anchor).contains(anchor);
    }
  }

  @Test
  void recordingRulesFollowTheLevelMetricOperationsNaming() {
    assertThat(Repo.recordNames())
        .isNotEmpty()
        .allMatch(n -> n.matches("corosync:[a-z_]+(:[a-z_]+)?"));
  }

  /**
   * The quorum-loss page must reach a person well inside the ~60 s after which HA nodes fence
   * themselves: for ≤ 15 s and an evaluation interval ≤ 10 s, whatever the global setting.
   */
  @Test
  void quorumLossPagesFast() {
    JsonNode group = groupOf("CorosyncQuorumLost");
    JsonNode rule = alert("CorosyncQuorumLost");
    assertThat(rule.path("labels").path("severity").asText()).isEqualTo("page");
    assertThat(Durations.parse(rule.path("for").asText()))
        .isLessThanOrEqualTo(Duration.ofSeconds(15));
    assertThat(Durations.parse(group.path("interval").asText("1m")))
        .isLessThanOrEqualTo(Duration.ofSeconds(10));
    // the recording rules the quorum alerts read are evaluated before them in the same group
    List<String> order = names(group);
    assertThat(order.indexOf("corosync:vote_margin_after_worst_loss"))
        .isBetween(0, order.indexOf("CorosyncQuorumAtRisk"));
  }

  /**
   * A Proxmox HA node resets itself ~60 s after losing quorum: its page fires on the first
   * evaluation that sees the quorum loss, in a group evaluated at least every 10 s, and routes to
   * the pager. Worst case with a 15 s scrape: 15 + 10 + group_wait 5 = 30 s.
   */
  @Test
  void selfFencePagesOnTheFirstEvaluation() {
    JsonNode rule = alert("ProxmoxSelfFenceImminent");
    assertThat(rule.path("labels").path("severity").asText()).isEqualTo("page");
    assertThat(Durations.parse(rule.path("for").asText("0s"))).isEqualTo(Duration.ZERO);
    assertThat(Durations.parse(groupOf("ProxmoxSelfFenceImminent").path("interval").asText("1m")))
        .isLessThanOrEqualTo(Duration.ofSeconds(10));
  }

  /** Each alert has a unit-test case where it fires and one where it must stay silent. */
  @Test
  void everyAlertIsTestedFiringAndSilent() {
    Map<String, int[]> counts = new HashMap<>(); // [firing cases, silent cases]
    for (Path file : unitTestFiles()) {
      for (JsonNode group : Repo.readYaml(file).path("tests")) {
        for (JsonNode t : group.path("alert_rule_test")) {
          int[] c = counts.computeIfAbsent(t.path("alertname").asText(), k -> new int[2]);
          c[t.path("exp_alerts").isEmpty() ? 1 : 0]++;
        }
      }
    }
    assertThat(counts.keySet())
        .as("alertnames in tests that are not in the rules")
        .isSubsetOf(Repo.alertNames());
    for (String alert : Repo.alertNames()) {
      int[] c = counts.getOrDefault(alert, new int[2]);
      assertThat(c[0]).as("test cases in which %s fires", alert).isPositive();
      assertThat(c[1]).as("test cases in which %s must not fire", alert).isPositive();
    }
  }

  /** The healthy clusters assert every alert silent, after the longest `for` has passed. */
  @Test
  void healthyClustersAssertThatNothingFires() {
    Duration longestFor =
        Repo.alertRules().stream()
            .map(r -> Durations.parse(r.path("for").asText("0s")))
            .max(Duration::compareTo)
            .orElseThrow();
    JsonNode tests =
        Repo.readYaml(Repo.alertRulesDir().resolve("tests/healthy_test.yml")).path("tests");
    assertThat(tests).hasSizeGreaterThanOrEqualTo(2);
    for (JsonNode group : tests) {
      Set<String> silentLate = new TreeSet<>();
      for (JsonNode t : group.path("alert_rule_test")) {
        assertThat(t.path("exp_alerts"))
            .as("%s: %s", group.path("name").asText(), t.path("alertname").asText())
            .isEmpty();
        if (Durations.parse(t.path("eval_time").asText()).compareTo(longestFor) > 0) {
          silentLate.add(t.path("alertname").asText());
        }
      }
      assertThat(silentLate)
          .as("alerts asserted silent in '%s'", group.path("name").asText())
          .containsExactlyInAnyOrderElementsOf(Repo.alertNames());
    }
  }

  /** Alertmanager inhibition and grouping rely on these labels. */
  @Test
  void alertsKeepClusterNameAndPeerAlertsCarryPeerName() {
    for (String peerAlert :
        List.of(
            "CorosyncLinkDown",
            "CorosyncPeerUnreachable",
            "CorosyncLinkFlapping",
            "CorosyncLinkLatencyHigh")) {
      String expr = alert(peerAlert).path("expr").asText();
      assertThat(expr).as(peerAlert).doesNotContain("by (").doesNotContain("without (peer");
    }
    // aggregations in alert expressions must keep cluster_name
    Pattern by = Pattern.compile("\\b(?:by|on)\\s*\\(([^)]*)\\)");
    for (JsonNode rule : Repo.alertRules()) {
      if (CLUSTERLESS.contains(rule.get("alert").asText())) {
        continue;
      }
      Matcher m = by.matcher(rule.path("expr").asText());
      while (m.find()) {
        assertThat(m.group(1))
            .as("%s: %s", rule.get("alert").asText(), m.group())
            .contains("cluster_name");
      }
    }
  }

  private static List<Path> unitTestFiles() {
    return Repo.list(Repo.alertRulesDir().resolve("tests"), "*_test.yml");
  }

  private static JsonNode alert(String name) {
    return Repo.alertRules().stream()
        .filter(r -> r.get("alert").asText().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static JsonNode groupOf(String alert) {
    for (JsonNode group : Repo.readYaml(Repo.rulesFile()).path("groups")) {
      if (names(group).contains(alert)) {
        return group;
      }
    }
    throw new AssertionError("no group has " + alert);
  }

  private static List<String> names(JsonNode group) {
    return java.util.stream.StreamSupport.stream(group.path("rules").spliterator(), false)
        .map(r -> r.has("alert") ? r.get("alert").asText() : r.get("record").asText())
        .collect(Collectors.toList());
  }
}
