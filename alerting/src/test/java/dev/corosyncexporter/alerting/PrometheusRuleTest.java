package dev.corosyncexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * alert-rules/kubernetes/corosync-prometheusrule.yaml is generated from the rules file and must not
 * drift.
 */
class PrometheusRuleTest {

  static Path manifest() {
    return Repo.alertRulesDir().resolve("kubernetes/corosync-prometheusrule.yaml");
  }

  @Test
  void committedManifestIsWhatTheGeneratorWrites() {
    Tools.Result r =
        Tools.run(Repo.alertRulesDir(), "bash", "generate-prometheusrule.sh", "--check");
    assertThat(r.ok())
        .as(
            "generate-prometheusrule.sh --check (run alert-rules/generate-prometheusrule.sh):%n%s",
            r.output())
        .isTrue();
  }

  @Test
  void manifestHoldsExactlyTheRuleGroups() {
    JsonNode m = Repo.readYaml(manifest());
    assertThat(m.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(m.path("kind").asText()).isEqualTo("PrometheusRule");
    assertThat(m.path("metadata").path("name").asText()).isNotBlank();
    assertThat(m.path("spec").path("groups"))
        .isEqualTo(Repo.readYaml(Repo.rulesFile()).path("groups"));
  }
}
