package dev.corosyncexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every corosync_* metric name in the rules, dashboards and runbooks is one the exporter documents
 * in docs/metrics.md. Recording rules (corosync:...) never match corosync_.
 */
class MetricNamesTest {

  static final Pattern METRIC = Pattern.compile("\\bcorosync_[a-z0-9_]*[a-z0-9]");

  @Test
  void rulesDashboardsAndRunbooksUseOnlyDocumentedMetrics() throws IOException {
    Set<String> documented = documented();
    assertThat(documented).as("documented metric names").hasSizeGreaterThan(20);
    TreeMap<String, String> unknown = new TreeMap<>();
    Set<Path> sources = new TreeSet<>(Repo.list(Repo.dashboards(), "*.json"));
    sources.add(Repo.rulesFile());
    sources.add(Repo.runbooks());
    int used = 0;
    for (Path source : sources) {
      Matcher m = METRIC.matcher(Files.readString(source));
      while (m.find()) {
        used++;
        if (!isDocumented(m.group(), documented)) {
          unknown.putIfAbsent(m.group(), Repo.root().relativize(source).toString());
        }
      }
    }
    assertThat(used).isPositive();
    assertThat(unknown)
        .as("metric names that are not in %s (name → first file)", documentedSource())
        .isEmpty();
  }

  static boolean isDocumented(String name, Set<String> documented) {
    String base = name.replaceFirst("_(total|created|bucket|count|sum)$", "");
    return documented.contains(name)
        || documented.contains(base)
        || documented.contains(name + "_total");
  }

  static String documentedSource() {
    return "docs/metrics.md";
  }

  static Path metricsMd() {
    return Repo.root().resolve("docs/metrics.md");
  }

  static Set<String> documented() {
    return tokens(Repo.read(metricsMd()));
  }

  private static Set<String> tokens(String text) {
    Set<String> out = new TreeSet<>();
    Matcher m = METRIC.matcher(text);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }
}
