package dev.corosyncexporter.collector;

import java.util.Map;

/** The values of a collector's options, already checked against their choices. */
public record CollectorSettings(Map<String, String> values) {

  public static final CollectorSettings DEFAULTS = new CollectorSettings(Map.of());

  public CollectorSettings {
    values = Map.copyOf(values);
  }

  public String get(CollectorOption option) {
    return values.getOrDefault(option.name(), option.defaultValue());
  }

  public CollectorSettings with(CollectorOption option, String value) {
    java.util.HashMap<String, String> v = new java.util.HashMap<>(values);
    v.put(option.name(), value);
    return new CollectorSettings(v);
  }
}
