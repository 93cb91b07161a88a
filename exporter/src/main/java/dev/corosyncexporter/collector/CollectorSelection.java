package dev.corosyncexporter.collector;

import java.util.List;

/** The collectors one kind of host runs, and the names of those of its kind that it does not. */
public record CollectorSelection(List<CollectorSelection.Enabled> enabled, List<String> disabled) {
  /** A collector this node runs, with its declaration. */
  public record Enabled(CollectorSpec spec, Collector collector) {}

  public CollectorSelection {
    enabled = List.copyOf(enabled);
    disabled = List.copyOf(disabled);
  }

  public List<String> enabledNames() {
    return enabled.stream().map(e -> e.spec().name()).toList();
  }
}
