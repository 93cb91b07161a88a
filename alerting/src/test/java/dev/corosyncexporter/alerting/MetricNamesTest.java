package dev.corosyncexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every corosync_* metric name in the rules, dashboards and runbooks is one the exporter
 * documents: the names in docs/metrics.md when it exists, else the contract in
 * src/test/resources/metric-contract.txt. Recording rules (corosync:...) never match corosync_.
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
    assertThat(unknown).as("metric names that are not in %s (name → first file)", documentedSource()).isEmpty();
  }

  static boolean isDocumented(String name, Set<String> documented) {
    String base = name.replaceFirst("_(total|created|bucket|count|sum)$", "");
    return documented.contains(name) || documented.contains(base) || documented.contains(name + "_total");
  }

  static String documentedSource() {
    return Files.exists(metricsMd()) ? "docs/metrics.md (+ metrics-not-yet-documented.txt)" : "metric-contract.txt";
  }

  static Path metricsMd() {
    return Repo.root().resolve("docs/metrics.md");
  }

  static Set<String> documented() {
    Set<String> names = new TreeSet<>();
    if (Files.exists(metricsMd())) {
      names.addAll(tokens(Repo.read(metricsMd())));
      // central-mode metrics may be used (guarded) before docs/metrics.md describes them
      names.addAll(tokens(resource("metrics-not-yet-documented.txt")));
    } else {
      names.addAll(tokens(resource("metric-contract.txt")));
    }
    return names;
  }

  private static Set<String> tokens(String text) {
    Set<String> out = new TreeSet<>();
    Matcher m = METRIC.matcher(text);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  private static String resource(String name) {
    try (InputStream in = MetricNamesTest.class.getResourceAsStream("/" + name)) {
      assertThat(in).as("test resource %s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
