package dev.corosyncexporter.collector;

import java.util.ArrayList;
import java.util.List;

/** What a collector writes into during one scrape. Not shared between threads. */
public final class SampleSink {
  private final List<Sample> samples = new ArrayList<>();

  public void add(MetricDef metric, double value, String... labelValues) {
    samples.add(new Sample(metric, List.of(labelValues), value, null));
  }

  public void add(MetricDef metric, boolean value, String... labelValues) {
    add(metric, value ? 1 : 0, labelValues);
  }

  /** A series about another cluster than the node's own (QNetd watches several). */
  public void addForCluster(String clusterName, MetricDef metric, double value, String... labelValues) {
    samples.add(new Sample(metric, List.of(labelValues), value, clusterName));
  }

  /** A state-set: one series per state, exactly the current one 1. */
  public void stateSet(MetricDef metric, String current, List<String> states, String... leadingLabels) {
    for (String state : states) {
      String[] labels = java.util.Arrays.copyOf(leadingLabels, leadingLabels.length + 1);
      labels[leadingLabels.length] = state;
      add(metric, state.equals(current) ? 1 : 0, labels);
    }
  }

  public List<Sample> samples() {
    return List.copyOf(samples);
  }
}
