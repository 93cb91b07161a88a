package dev.corosyncexporter.collector;

import java.util.HashMap;
import java.util.Map;

/** The values of a collector's options, by option name, as the flags wrote them. */
public record CollectorSettings(Map<String, String> values) {

  public static final CollectorSettings DEFAULTS = new CollectorSettings(Map.of());

  public CollectorSettings {
    values = Map.copyOf(values);
  }

  /**
   * The option's value, or its default when not set.
   *
   * @throws IllegalArgumentException if the value set is not one of the option's choices
   */
  public <E extends Enum<E>> E get(CollectorOption<E> option) {
    return option.valueOf(values.getOrDefault(option.name(), option.defaultChoice()));
  }

  public CollectorSettings with(CollectorOption<?> option, String value) {
    Map<String, String> v = new HashMap<>(values);
    v.put(option.name(), value);
    return new CollectorSettings(v);
  }
}
