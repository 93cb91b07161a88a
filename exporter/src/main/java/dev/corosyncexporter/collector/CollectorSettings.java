package dev.corosyncexporter.collector;

import java.util.HashMap;
import java.util.Map;

/**
 * The values of a collector's options: those the flags set, by option name, and for the rest the
 * options' defaults in {@code mode}.
 */
public record CollectorSettings(RunMode mode, Map<String, String> values) {

  public CollectorSettings {
    values = Map.copyOf(values);
  }

  /** Every option at its default in {@code mode}. */
  public static CollectorSettings defaults(RunMode mode) {
    return new CollectorSettings(mode, Map.of());
  }

  /**
   * The option's value, or its default in this mode when not set.
   *
   * @throws IllegalArgumentException if the value set is not one of the option's choices
   */
  public <E extends Enum<E>> E get(CollectorOption<E> option) {
    String set = values.get(option.name());
    return set != null ? option.valueOf(set) : option.defaultValue(mode);
  }

  /** Whether a flag set the option, rather than the mode's default. */
  public boolean isSet(CollectorOption<?> option) {
    return values.containsKey(option.name());
  }

  public CollectorSettings with(CollectorOption<?> option, String value) {
    Map<String, String> v = new HashMap<>(values);
    v.put(option.name(), value);
    return new CollectorSettings(mode, v);
  }

  /** The same flags with the other mode's defaults for what they leave unset. */
  public CollectorSettings withDefaultsOf(RunMode other) {
    return new CollectorSettings(other, values);
  }
}
