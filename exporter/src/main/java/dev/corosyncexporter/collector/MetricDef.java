package dev.corosyncexporter.collector;

import java.util.List;

/**
 * One metric family of the contract. {@code name} is the full exposed name; for counters and infos
 * the {@code _total} / {@code _info} suffix is part of it here and stripped when the snapshot is
 * built.
 *
 * @param labelNames labels besides cluster_name and node_name
 * @param clusterScoped false for the few series that describe a host rather than a cluster (QNetd)
 */
public record MetricDef(
    String name, Type type, String help, List<String> labelNames, boolean clusterScoped) {

  public enum Type {
    GAUGE,
    COUNTER,
    INFO
  }

  public MetricDef {
    labelNames = List.copyOf(labelNames);
  }

  public static MetricDef gauge(String name, String help, String... labels) {
    return new MetricDef(name, Type.GAUGE, help, List.of(labels), true);
  }

  public static MetricDef counter(String name, String help, String... labels) {
    return new MetricDef(name, Type.COUNTER, help, List.of(labels), true);
  }

  public static MetricDef info(String name, String help, String... labels) {
    return new MetricDef(name, Type.INFO, help, List.of(labels), true);
  }

  MetricDef hostScoped() {
    return new MetricDef(name, type, help, labelNames, false);
  }

  /** The name client_java wants: without the suffix its writers add. */
  public String familyName() {
    return switch (type) {
      case COUNTER -> strip(name, "_total");
      case INFO -> strip(name, "_info");
      case GAUGE -> name;
    };
  }

  private static String strip(String s, String suffix) {
    return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
  }
}
