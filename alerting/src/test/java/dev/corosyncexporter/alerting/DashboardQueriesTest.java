package dev.corosyncexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardQueriesTest {

  @Test
  void substitutesVariablesAndBuiltIns() {
    String q =
        DashboardQueries.substitute(
            "rate(x{cluster_name=\"$cluster_name\", node_name=~\"${node_name:regex}\", a=\"[[cluster_name]]\"}[$__rate_interval])",
            Map.of("cluster_name", "lab", "node_name", "node1", "__rate_interval", "1m"),
            Path.of("d.json"));
    assertThat(q).isEqualTo("rate(x{cluster_name=\"lab\", node_name=~\"node1\", a=\"lab\"}[1m])");
  }

  @Test
  void leavesRegexGroupReferencesAlone() {
    assertThat(
            DashboardQueries.substitute(
                "label_replace(x, \"a\", \"$1\", \"b\", \"(.*)\")", Map.of(), Path.of("d.json")))
        .isEqualTo("label_replace(x, \"a\", \"$1\", \"b\", \"(.*)\")");
  }

  @Test
  void unknownVariableIsAnError() {
    assertThatThrownBy(
            () -> DashboardQueries.substitute("x{a=\"$clustr\"}", Map.of(), Path.of("d.json")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("$clustr");
  }

  @Test
  void variableQueriesBecomePromql() {
    assertThat(
            DashboardQueries.toPromql(
                "label_values(corosync_quorate{cluster_name=\"$c\"}, node_name)"))
        .isEqualTo("corosync_quorate{cluster_name=\"$c\"}");
    assertThat(DashboardQueries.toPromql("label_values(cluster_name)"))
        .isEqualTo("group by (cluster_name) ({cluster_name!=\"\"})");
    assertThat(DashboardQueries.toPromql("query_result(up == 1)")).isEqualTo("up == 1");
    assertThat(DashboardQueries.toPromql("metrics(corosync_.*)")).isNull();
  }

  @Test
  void collectsTargetsCollapsedRowsVariablesAndAnnotations(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("d.json"),
        """
        {"panels": [
           {"type": "stat", "targets": [{"expr": "a{n=\\"$node_name\\"}"}, {"expr": ""}]},
           {"type": "row", "collapsed": true, "panels": [{"type": "table", "targets": [{"expr": "b[$__rate_interval]"}]}]}],
         "templating": {"list": [
           {"type": "datasource", "name": "datasource", "query": "prometheus"},
           {"type": "query", "name": "node_name", "query": {"query": "label_values(c, node_name)"}},
           {"type": "query", "name": "old", "query": "label_values(d, x)"}]},
         "annotations": {"list": [{"expr": "changes(e[1m]) > 0"}]}}
        """);
    List<String> queries = DashboardQueries.queries(dir, Map.of("node_name", "node1"));
    assertThat(queries).containsExactly("a{n=\"node1\"}", "b[1m]", "c", "d", "changes(e[1m]) > 0");
  }

  @Test
  void shippedDashboardsHaveQueriesForEveryPanel() {
    List<String> queries =
        DashboardQueries.queries(
            Repo.dashboards(), Map.of("cluster_name", "lab", "node_name", "node1"));
    assertThat(queries)
        .isNotEmpty()
        .noneMatch(q -> q.contains("$cluster_name") || q.contains("$__"));
  }
}
