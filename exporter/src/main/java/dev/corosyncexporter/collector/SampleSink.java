package dev.corosyncexporter.collector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What a collector writes into during one scrape. Not shared between threads. */
public final class SampleSink {
  /**
   * The most series one collector may emit in one scrape. corosync has at most a few hundred nodes
   * (knet: 8 links each); the largest real need is the links collector on 384 nodes with 8 links:
   * 383 × 8 × 13 + 383 + 9 totem series = 40 224 series. Past this ceiling the output is garbage or
   * hostile, and the collector fails rather than flood Prometheus (and the exporter's small heap).
   * (The stats query's output hits LocalCommandRunner's 2 MiB cap before that, at about 2 500 peer
   * links, e.g. 384 nodes with 6 links: that cap, not this one, is the links collector's limit.)
   */
  public static final int MAX_SERIES = 45_000;

  /**
   * Thrown by {@link #add} past {@link #MAX_SERIES}; the scraper turns it into the collector's
   * failure.
   */
  public static final class TooManySeries extends RuntimeException {
    TooManySeries() {
      super("more than " + MAX_SERIES + " series (the per-collector ceiling, see docs/metrics.md)");
    }
  }

  private final List<Sample> samples = new ArrayList<>();
  private QuorumView quorumView;

  public void add(MetricDef metric, double value, String... labelValues) {
    put(new Sample(metric, List.of(labelValues), value, null));
  }

  public void add(MetricDef metric, boolean value, String... labelValues) {
    add(metric, value ? 1 : 0, labelValues);
  }

  /** A series about another cluster than the node's own (QNetd watches several). */
  public void addForCluster(
      String clusterName, MetricDef metric, double value, String... labelValues) {
    put(new Sample(metric, List.of(labelValues), value, clusterName));
  }

  private void put(Sample s) {
    if (samples.size() >= MAX_SERIES) {
      throw new TooManySeries();
    }
    samples.add(s);
  }

  /** A state-set: one series per state, exactly the current one 1. */
  public void stateSet(
      MetricDef metric, String current, List<String> states, String... leadingLabels) {
    for (String state : states) {
      String[] labels = Arrays.copyOf(leadingLabels, leadingLabels.length + 1);
      labels[leadingLabels.length] = state;
      add(metric, state.equals(current) ? 1 : 0, labels);
    }
  }

  /**
   * The facts central mode compares across nodes (partitions), kept as facts rather than read back
   * from labels.
   */
  public void quorumView(boolean quorate, Set<Long> memberIds) {
    this.quorumView = new QuorumView(quorate, memberIds);
  }

  public List<Sample> samples() {
    return List.copyOf(samples);
  }

  public Optional<QuorumView> quorumView() {
    return Optional.ofNullable(quorumView);
  }
}
