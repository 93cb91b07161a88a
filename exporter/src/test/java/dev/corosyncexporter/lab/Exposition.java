package dev.corosyncexporter.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/** A scraped Prometheus text exposition, for assertions: series by name and labels. */
public final class Exposition {

  private static final String COLLECTOR_SUCCESS = "corosync_exporter_collector_success";

  public record Series(String name, Map<String, String> labels, double value) {}

  private final String text;
  private final List<Series> series;

  private Exposition(String text, List<Series> series) {
    this.text = text;
    this.series = List.copyOf(series);
  }

  public static Exposition parse(String text) {
    List<Series> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String name;
      Map<String, String> labels = new LinkedHashMap<>();
      if (brace >= 0 && brace < space) {
        name = line.substring(0, brace);
        int close = line.lastIndexOf('}');
        parseLabels(line.substring(brace + 1, close), labels);
      } else {
        name = line.substring(0, space);
      }
      out.add(new Series(name, labels, Double.parseDouble(line.substring(space + 1).strip())));
    }
    return new Exposition(text, out);
  }

  private static void parseLabels(String s, Map<String, String> labels) {
    int i = 0;
    while (i < s.length()) {
      int eq = s.indexOf('=', i);
      String key = s.substring(i, eq).strip();
      StringBuilder v = new StringBuilder();
      int j = eq + 2; // skip ="
      while (s.charAt(j) != '"') {
        if (s.charAt(j) == '\\') {
          j++;
          char c = s.charAt(j);
          v.append(c == 'n' ? '\n' : c);
        } else {
          v.append(s.charAt(j));
        }
        j++;
      }
      labels.put(key, v.toString());
      i = j + 1;
      if (i < s.length() && s.charAt(i) == ',') {
        i++;
      }
    }
  }

  public String text() {
    return text;
  }

  public List<Series> series() {
    return series;
  }

  /** Series of this name whose labels include all the given pairs (k1, v1, k2, v2, ...). */
  public List<Series> find(String name, String... labelPairs) {
    return series.stream()
        .filter(s -> s.name().equals(name))
        .filter(
            s -> {
              for (int i = 0; i < labelPairs.length; i += 2) {
                if (!labelPairs[i + 1].equals(s.labels().get(labelPairs[i]))) {
                  return false;
                }
              }
              return true;
            })
        .collect(Collectors.toList());
  }

  /** The value of the single series matching; empty when none; fails when several match. */
  public OptionalDouble value(String name, String... labelPairs) {
    List<Series> found = find(name, labelPairs);
    if (found.size() > 1) {
      throw new AssertionError(
          "several series match " + name + " " + List.of(labelPairs) + ": " + found);
    }
    return found.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(found.get(0).value());
  }

  /** corosync_exporter_collector_success of one collector, in local mode (one node). */
  public OptionalDouble collectorSuccess(String collector) {
    return value(COLLECTOR_SUCCESS, "collector", collector);
  }

  /** corosync_exporter_collector_success of one collector on one node, in central mode. */
  public OptionalDouble collectorSuccess(String node, String collector) {
    return value(COLLECTOR_SUCCESS, "node_name", node, "collector", collector);
  }

  public Optional<Series> first(String name) {
    return series.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  public boolean has(String name) {
    return series.stream().anyMatch(s -> s.name().equals(name));
  }
}
