package dev.corosyncexporter.collector;

import java.util.List;

/**
 * A setting of one collector, given as {@code --collector.COLLECTOR.NAME=VALUE}; one of {@code
 * choices}.
 */
public record CollectorOption(String name, String defaultValue, List<String> choices, String help) {

  public CollectorOption {
    choices = List.copyOf(choices);
    if (!choices.contains(defaultValue)) {
      throw new IllegalArgumentException(
          name + ": default " + defaultValue + " is not one of " + choices);
    }
  }

  public String flag(String collector) {
    return "--collector." + collector + "." + name;
  }
}
