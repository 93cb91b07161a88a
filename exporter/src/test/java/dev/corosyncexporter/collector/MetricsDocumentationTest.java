package dev.corosyncexporter.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corosyncexporter.scrape.Metrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/metrics.md is the users' copy of the contract: it documents every metric and nothing else.
 */
class MetricsDocumentationTest {
  private static final Path DOC = Path.of("../docs/metrics.md");

  @Test
  void everyMetricIsDocumentedWithItsLabels() throws IOException {
    String doc = Files.readString(DOC);
    for (MetricDef m : Metrics.all()) {
      Matcher row =
          Pattern.compile("(?m)^\\| `" + Pattern.quote(m.name()) + "` \\|([^\\n]*)$").matcher(doc);
      assertThat(row.find()).as("table row for %s in docs/metrics.md", m.name()).isTrue();
      for (String label : m.labelNames()) {
        assertThat(row.group(1))
            .as("%s documents label %s", m.name(), label)
            .contains("`" + label + "`");
      }
    }
  }

  @Test
  void theDocumentNamesNoMetricThatDoesNotExist() throws IOException {
    Set<String> documented = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^\\| `(corosync_[a-z_]+)` \\|").matcher(Files.readString(DOC));
    while (m.find()) {
      documented.add(m.group(1));
    }
    Set<String> known = new TreeSet<>();
    Metrics.all().forEach(d -> known.add(d.name()));
    assertThat(documented).isSubsetOf(known);
  }
}
