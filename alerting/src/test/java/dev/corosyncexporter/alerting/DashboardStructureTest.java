package dev.corosyncexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** dashboards/*.json: structure Grafana accepts, no hard-coded data source, valid PromQL. */
class DashboardStructureTest {

  static final Set<String> PANEL_TYPES =
      Set.of(
          "row",
          "stat",
          "timeseries",
          "state-timeline",
          "status-history",
          "table",
          "bargauge",
          "gauge",
          "text");
  static final Set<String> DATASOURCE_REFS = Set.of("${datasource}", "$datasource");

  static Stream<Path> dashboards() {
    List<Path> files = Repo.list(Repo.dashboards(), "*.json");
    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .contains("corosync-overview.json", "corosync-cluster.json");
    return files.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dashboards")
  void isAGrafanaDashboard(Path file) {
    JsonNode d = Repo.readJson(file);
    assertThat(d.path("uid").asText()).as("uid").matches("[a-z0-9-]{1,40}");
    assertThat(d.path("title").asText()).as("title").isNotBlank();
    assertThat(d.path("schemaVersion").asInt()).as("schemaVersion").isBetween(36, 41);
    assertThat(d.has("id") && !d.get("id").isNull()).as("no instance-specific id").isFalse();
    assertThat(d.path("panels")).as("panels").isNotEmpty();
  }

  @Test
  void dashboardUidsAreUnique() {
    List<String> uids = dashboards().map(f -> Repo.readJson(f).path("uid").asText()).toList();
    assertThat(uids).doesNotHaveDuplicates();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dashboards")
  void panelIdsAreUniqueAndTypesCurrent(Path file) {
    Set<Integer> ids = new HashSet<>();
    for (JsonNode p : allPanels(Repo.readJson(file))) {
      String title = p.path("title").asText();
      assertThat(p.path("id").isInt()).as("panel '%s' has an id", title).isTrue();
      assertThat(ids.add(p.path("id").asInt()))
          .as("panel id %s of '%s' is unique", p.path("id"), title)
          .isTrue();
      assertThat(p.path("type").asText())
          .as("type of panel '%s' (graph, table-old, singlestat are deprecated)", title)
          .isIn(PANEL_TYPES);
      assertThat(title).as("panel title").isNotBlank();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dashboards")
  void panelsDoNotOverlap(Path file) {
    JsonNode d = Repo.readJson(file);
    assertNoOverlap(d.path("panels"), file + " top level");
    for (JsonNode p : d.path("panels")) {
      if (p.path("type").asText().equals("row") && p.path("panels").size() > 0) {
        // a collapsed row keeps its panels inside, laid out as when expanded
        assertNoOverlap(p.path("panels"), file + " row '" + p.path("title").asText() + "'");
      }
    }
  }

  private static void assertNoOverlap(JsonNode panels, String where) {
    List<JsonNode> list = new ArrayList<>();
    panels.forEach(list::add);
    for (JsonNode p : list) {
      JsonNode g = p.path("gridPos");
      assertThat(g.path("w").asInt())
          .as("%s '%s' width", where, p.path("title").asText())
          .isBetween(1, 24);
      assertThat(g.path("h").asInt())
          .as("%s '%s' height", where, p.path("title").asText())
          .isPositive();
      assertThat(g.path("x").asInt() + g.path("w").asInt())
          .as("%s '%s' fits in 24 columns", where, p.path("title").asText())
          .isLessThanOrEqualTo(24);
    }
    for (int i = 0; i < list.size(); i++) {
      for (int j = i + 1; j < list.size(); j++) {
        JsonNode a = list.get(i).path("gridPos");
        JsonNode b = list.get(j).path("gridPos");
        boolean overlap =
            a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt()
                && b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt()
                && a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt()
                && b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
        assertThat(overlap)
            .as(
                "%s: '%s' %s overlaps '%s' %s",
                where, list.get(i).path("title").asText(), a, list.get(j).path("title").asText(), b)
            .isFalse();
      }
    }
  }

  /**
   * Every data source reference anywhere (panels, targets, variables, annotations) is the variable.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dashboards")
  void everyDatasourceIsTheVariable(Path file) {
    List<String> problems = new ArrayList<>();
    walk(
        Repo.readJson(file),
        "$",
        (path, key, value) -> {
          if (!key.equals("datasource")) {
            return;
          }
          String ref = value.isObject() ? value.path("uid").asText() : value.asText();
          if (!DATASOURCE_REFS.contains(ref)) {
            problems.add(path + " = " + value);
          }
          if (value.isObject() && !value.path("type").asText().equals("prometheus")) {
            problems.add(path + " type is not prometheus: " + value);
          }
        });
    assertThat(problems).as("hard-coded data sources").isEmpty();
    JsonNode vars = Repo.readJson(file).path("templating").path("list");
    JsonNode ds = find(vars, "datasource");
    assertThat(ds.path("type").asText()).isEqualTo("datasource");
    assertThat(ds.path("query").asText()).isEqualTo("prometheus");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dashboards")
  void clusterAndNodeVariablesUseLabelValues(Path file) {
    JsonNode vars = Repo.readJson(file).path("templating").path("list");
    for (String name : List.of("cluster_name", "node_name")) {
      JsonNode v = find(vars, name);
      assertThat(v.path("type").asText()).as(name).isEqualTo("query");
      assertThat(v.path("query").path("query").asText())
          .as(name)
          .startsWith("label_values(")
          .endsWith(", " + name + ")");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dashboards")
  void everyPanelTargetHasAnExpr(Path file) {
    for (JsonNode p : allPanels(Repo.readJson(file))) {
      if (p.path("type").asText().matches("row|text")) {
        continue;
      }
      assertThat(p.path("targets")).as("targets of '%s'", p.path("title").asText()).isNotEmpty();
      for (JsonNode t : p.path("targets")) {
        assertThat(t.path("expr").asText())
            .as("expr of '%s' %s", p.path("title").asText(), t.path("refId").asText())
            .isNotBlank();
      }
    }
  }

  /**
   * All panel, variable and annotation queries parse as PromQL (promtool checks them as recording
   * rules).
   */
  @Test
  void everyQueryIsValidPromql(@TempDir Path tmp) throws Exception {
    List<String> queries =
        DashboardQueries.queries(
            Repo.dashboards(), Map.of("cluster_name", "lab", "node_name", "node1"));
    assertThat(queries).hasSizeGreaterThan(20);
    ObjectNode doc = Repo.YAML.createObjectNode();
    ArrayNode rules =
        doc.putArray("groups").addObject().put("name", "dashboard-queries").putArray("rules");
    for (int i = 0; i < queries.size(); i++) {
      rules.addObject().put("record", "dashboard:query_" + i).put("expr", queries.get(i));
    }
    Path file = tmp.resolve("dashboard-queries.yml");
    Repo.YAML.writeValue(file.toFile(), doc);
    Tools.Result r = Tools.run(tmp, Tools.promtool().toString(), "check", "rules", file.toString());
    assertThat(r.ok())
        .as(
            "promtool check rules on the dashboard queries:%n%s%n%s",
            r.output(), Files.readString(file))
        .isTrue();
  }

  @Test
  void provisioningFilesParse() {
    JsonNode providers = Repo.readYaml(Repo.dashboards().resolve("provisioning/dashboards.yaml"));
    assertThat(providers.path("apiVersion").asInt()).isEqualTo(1);
    JsonNode provider = providers.path("providers").path(0);
    assertThat(provider.path("type").asText()).isEqualTo("file");
    assertThat(provider.path("options").path("path").asText()).isNotBlank();
    JsonNode ds = Repo.readYaml(Repo.dashboards().resolve("provisioning/datasource.example.yaml"));
    assertThat(ds.path("datasources").path(0).path("type").asText()).isEqualTo("prometheus");
  }

  // ------------------------------------------------------------------------------------------

  static List<JsonNode> allPanels(JsonNode dashboard) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode p : dashboard.path("panels")) {
      out.add(p);
      p.path("panels").forEach(out::add);
    }
    return out;
  }

  private static JsonNode find(JsonNode vars, String name) {
    for (JsonNode v : vars) {
      if (v.path("name").asText().equals(name)) {
        return v;
      }
    }
    throw new AssertionError("no variable " + name);
  }

  interface Visitor {
    void visit(String path, String key, JsonNode value);
  }

  private static void walk(JsonNode node, String path, Visitor visitor) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              e -> {
                visitor.visit(path + "." + e.getKey(), e.getKey(), e.getValue());
                walk(e.getValue(), path + "." + e.getKey(), visitor);
              });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), path + "[" + i + "]", visitor);
      }
    }
  }
}
