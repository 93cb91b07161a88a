package dev.corosyncexporter.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every PromQL query of the Grafana dashboards, ready to send to a Prometheus: panel target
 * expressions (also inside collapsed rows), templating variable queries and annotation queries,
 * with Grafana variables replaced by concrete values.
 *
 * <p>Reusable by end-to-end tests (the alerting module publishes its test-jar): run each query
 * against a Prometheus that scrapes a lab cluster and check it returns data.
 *
 * <p>Variables: {@code $name}, {@code ${name}}, {@code ${name:format}} and {@code [[name]]}. The
 * caller's map wins; Grafana's built-ins default to {@code $__rate_interval=1m}, {@code
 * $__interval=15s}, {@code $__range=1h} (and their {@code _s}/{@code _ms} forms). A variable with
 * no value is an error, so a typo in a dashboard fails loudly ({@code $1} and other all-digit names
 * are regex group references and stay as they are). Variable queries in Grafana's own syntax become
 * PromQL: {@code label_values(expr, label)} and {@code query_result(expr)} yield {@code expr};
 * {@code label_values(label)} yields {@code group by (label) ({label!=""})}; {@code metrics(...)}
 * and {@code label_names()} are not PromQL and are skipped.
 */
public final class DashboardQueries {
  private DashboardQueries() {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{(\\w+)(?::[^}]*)?}|\\[\\[(\\w+)(?::[^\\]]*)?]]|\\$(\\w+)");
  private static final Pattern LABEL_VALUES_EXPR =
      Pattern.compile("(?s)^\\s*label_values\\((.*),\\s*(\\w+)\\s*\\)\\s*$");
  private static final Pattern LABEL_VALUES_LABEL =
      Pattern.compile("^\\s*label_values\\(\\s*(\\w+)\\s*\\)\\s*$");
  private static final Pattern QUERY_RESULT =
      Pattern.compile("(?s)^\\s*query_result\\((.*)\\)\\s*$");
  private static final Pattern NOT_PROMQL = Pattern.compile("^\\s*(metrics|label_names)\\(.*$");

  private static final Map<String, String> BUILT_INS =
      Map.of(
          "__rate_interval", "1m",
          "__interval", "15s",
          "__interval_ms", "15000",
          "__range", "1h",
          "__range_s", "3600",
          "__range_ms", "3600000");

  /**
   * @param dashboardsDir folder with the dashboard JSON files (not recursive)
   * @param variables values for the dashboards' variables, e.g. cluster_name=lab, node_name=node1
   * @return distinct queries in file order (files sorted by name)
   */
  public static List<String> queries(Path dashboardsDir, Map<String, String> variables) {
    Map<String, String> values = new HashMap<>(BUILT_INS);
    values.putAll(variables);
    Set<String> result = new LinkedHashSet<>();
    for (Path file : dashboardFiles(dashboardsDir)) {
      JsonNode dashboard;
      try {
        dashboard = JSON.readTree(file.toFile());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot parse dashboard " + file, e);
      }
      for (String raw : rawQueries(dashboard)) {
        String promql = toPromql(raw);
        if (promql != null) {
          result.add(substitute(promql, values, file));
        }
      }
    }
    return List.copyOf(result);
  }

  /** The queries of one dashboard before substitution, in panel, variable, annotation order. */
  static List<String> rawQueries(JsonNode dashboard) {
    List<String> out = new ArrayList<>();
    collectPanels(dashboard.path("panels"), out);
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if (!"query".equals(variable.path("type").asText())) {
        continue;
      }
      JsonNode query = variable.path("query");
      String text = query.isObject() ? query.path("query").asText("") : query.asText("");
      if (!text.isBlank()) {
        out.add(text);
      }
    }
    for (JsonNode annotation : dashboard.path("annotations").path("list")) {
      String expr = annotation.path("expr").asText("");
      if (!expr.isBlank()) {
        out.add(expr);
      }
    }
    return out;
  }

  private static void collectPanels(JsonNode panels, List<String> out) {
    for (JsonNode panel : panels) {
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText("");
        if (!expr.isBlank()) {
          out.add(expr);
        }
      }
      collectPanels(panel.path("panels"), out); // collapsed rows keep their panels inside
    }
  }

  /** Grafana variable-query syntax to PromQL; null when the query has no PromQL equivalent. */
  static String toPromql(String query) {
    if (NOT_PROMQL.matcher(query).matches()) {
      return null;
    }
    Matcher m = LABEL_VALUES_EXPR.matcher(query);
    if (m.matches()) {
      return m.group(1).strip();
    }
    m = LABEL_VALUES_LABEL.matcher(query);
    if (m.matches()) {
      return "group by (" + m.group(1) + ") ({" + m.group(1) + "!=\"\"})";
    }
    m = QUERY_RESULT.matcher(query);
    if (m.matches()) {
      return m.group(1).strip();
    }
    return query;
  }

  static String substitute(String query, Map<String, String> values, Path file) {
    Matcher m = VARIABLE.matcher(query);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      if (name.chars().allMatch(Character::isDigit)) {
        // "$1" in label_replace(): a regex group reference, which Grafana leaves alone too.
        m.appendReplacement(sb, Matcher.quoteReplacement(m.group()));
        continue;
      }
      String value = values.get(name);
      if (value == null) {
        throw new IllegalArgumentException(
            "no value for variable $" + name + " used in " + file.getFileName() + ": " + query);
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(value));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static List<Path> dashboardFiles(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
