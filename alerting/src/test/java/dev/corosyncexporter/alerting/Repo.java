package dev.corosyncexporter.alerting;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Paths of the artefacts under test and small readers for them. */
final class Repo {
  private Repo() {}

  static final ObjectMapper JSON = new ObjectMapper();
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /**
   * The repository root: -Dproject.root (set by the pom), else the parent of the module directory.
   */
  static Path root() {
    String prop = System.getProperty("project.root");
    Path root = (prop != null ? Path.of(prop) : Path.of("..")).toAbsolutePath().normalize();
    if (!Files.isDirectory(root.resolve("alert-rules"))) {
      fail("cannot find alert-rules/ under " + root + " (set -Dproject.root)");
    }
    return root;
  }

  static Path alertRulesDir() {
    return root().resolve("alert-rules");
  }

  static Path rulesFile() {
    return alertRulesDir().resolve("corosync.rules.yml");
  }

  static Path dashboards() {
    return root().resolve("dashboards");
  }

  static Path runbooks() {
    return root().resolve("docs/runbooks.md");
  }

  static JsonNode readYaml(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file, e);
    }
  }

  static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file, e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Path> list(Path dir, String glob) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(
              p -> p.getFileSystem().getPathMatcher("glob:" + glob).matches(p.getFileName()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every rule (recording and alerting) of the rules file. */
  static List<JsonNode> rules() {
    List<JsonNode> rules = new ArrayList<>();
    for (JsonNode group : readYaml(rulesFile()).path("groups")) {
      group.path("rules").forEach(rules::add);
    }
    return rules;
  }

  static List<JsonNode> alertRules() {
    return rules().stream().filter(r -> r.has("alert")).toList();
  }

  static List<String> alertNames() {
    return alertRules().stream().map(r -> r.get("alert").asText()).toList();
  }

  static List<String> recordNames() {
    return rules().stream()
        .filter(r -> r.has("record"))
        .map(r -> r.get("record").asText())
        .toList();
  }
}
