package dev.corosyncexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corosyncexporter.config.Durations;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** alert-rules/alertmanager.yml: amtool check-config and the routing script. */
class AlertmanagerConfigTest {

  @Test
  void amtoolCheckConfig() {
    Tools.Result r =
        Tools.run(
            Repo.alertRulesDir(), Tools.amtool().toString(), "check-config", "alertmanager.yml");
    assertThat(r.ok()).as("amtool check-config:%n%s", r.output()).isTrue();
    assertThat(r.output()).contains("SUCCESS");
  }

  @Test
  void routingScriptSendsPagesToOncallAndTheRestToTickets() {
    Tools.amtool();
    Tools.Result r = Tools.run(Repo.alertRulesDir(), "bash", "tests/amtool-routes-test.sh");
    assertThat(r.ok()).as("amtool-routes-test.sh:%n%s", r.output()).isTrue();
    assertThat(r.output()).containsPattern("amtool routes: \\d+ passed, 0 failed");
  }

  @Test
  void pagesAreNotHeldBack() {
    JsonNode config = Repo.readYaml(Repo.alertRulesDir().resolve("alertmanager.yml"));
    JsonNode route = config.path("route");
    assertThat(route.path("group_by"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("cluster_name", "alertname");
    JsonNode page = null;
    for (JsonNode r : route.path("routes")) {
      if (r.path("matchers").toString().contains("severity=\\\"page\\\"")) {
        page = r;
      }
    }
    assertThat(page).as("a route for severity=\"page\"").isNotNull();
    assertThat(page.path("receiver").asText()).isEqualTo("oncall");
    assertThat(Durations.parse(page.path("group_wait").asText()))
        .isLessThanOrEqualTo(java.time.Duration.ofSeconds(10));
  }

  /**
   * Every alert named in an inhibit rule exists, so a rename cannot silently disable inhibition.
   */
  @Test
  void inhibitRulesNameExistingAlerts() {
    JsonNode config = Repo.readYaml(Repo.alertRulesDir().resolve("alertmanager.yml"));
    List<String> alerts = Repo.alertNames();
    List<String> patterns = new ArrayList<>();
    for (JsonNode rule : config.path("inhibit_rules")) {
      for (String side : List.of("source_matchers", "target_matchers")) {
        for (JsonNode m : rule.path(side)) {
          String text = m.asText();
          if (text.startsWith("alertname")) {
            patterns.add(text.replaceFirst("^alertname=~?\"(.*)\"$", "$1"));
          }
        }
      }
      assertThat(rule.path("equal")).extracting(JsonNode::asText).contains("cluster_name");
    }
    assertThat(patterns).isNotEmpty();
    for (String pattern : patterns) {
      for (String alternative : pattern.split("\\|")) {
        assertThat(alerts)
            .as("alerts matching %s", alternative)
            .anyMatch(a -> a.matches(alternative));
      }
    }
  }
}
