package dev.corosyncexporter.scrape;

import dev.corosyncexporter.collector.MetricDef;
import dev.corosyncexporter.collector.Sample;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the samples of one or more nodes into client_java snapshots, adding each node's identity
 * labels.
 */
public final class SnapshotAssembler {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotAssembler.class);

  private SnapshotAssembler() {}

  /**
   * A series that belongs to no node (build info, cluster-wide aggregates), with all its labels
   * given.
   */
  public record Extra(MetricDef metric, Labels labels, double value) {}

  public static MetricSnapshots assemble(List<NodeScrape> nodes, List<Extra> extras) {
    Map<MetricDef, Map<Labels, Double>> families = new LinkedHashMap<>();
    for (NodeScrape node : nodes) {
      for (Sample s : node.samples()) {
        put(families, s.metric(), labels(node.identity(), s), s.value());
      }
      for (CollectorOutcome o : node.outcomes()) {
        Labels l = identityLabels(node.identity()).add("collector", o.collector());
        put(families, Metrics.COLLECTOR_SUCCESS, l, o.success() ? 1 : 0);
        put(families, Metrics.COLLECTOR_DURATION, l, o.duration().toNanos() / 1e9);
      }
    }
    for (Extra e : extras) {
      put(families, e.metric(), e.labels(), e.value());
    }
    List<MetricSnapshot> snapshots = new ArrayList<>();
    families.forEach((def, points) -> snapshots.add(snapshot(def, points)));
    return new MetricSnapshots(snapshots);
  }

  private static void put(
      Map<MetricDef, Map<Labels, Double>> families, MetricDef def, Labels labels, double value) {
    Double previous =
        families.computeIfAbsent(def, d -> new LinkedHashMap<>()).putIfAbsent(labels, value);
    if (previous != null) {
      // Two lines that map to one series (a tool printing a node twice): keep the first, serve the
      // rest.
      LOG.debug("duplicate series {}{} dropped", def.name(), labels);
    }
  }

  /**
   * An empty cluster name (corosync never answered, or a QNetd host) is left out rather than
   * exported as "".
   */
  public static Labels identityLabels(Identity id) {
    return id.clusterName().isEmpty()
        ? Labels.of("node_name", id.nodeName())
        : Labels.of("cluster_name", id.clusterName(), "node_name", id.nodeName());
  }

  private static Labels labels(Identity id, Sample s) {
    Labels.Builder b = Labels.builder();
    String cluster = s.clusterName() != null ? s.clusterName() : id.clusterName();
    if (s.metric().clusterScoped() && !cluster.isEmpty()) {
      b.label("cluster_name", cluster);
    }
    b.label("node_name", id.nodeName());
    for (int i = 0; i < s.metric().labelNames().size(); i++) {
      b.label(s.metric().labelNames().get(i), s.labelValues().get(i));
    }
    return b.build();
  }

  private static MetricSnapshot snapshot(MetricDef def, Map<Labels, Double> points) {
    Unit unit =
        def.name().endsWith("_seconds")
            ? Unit.SECONDS
            : def.name().endsWith("_bytes") ? Unit.BYTES : null;
    return switch (def.type()) {
      case GAUGE -> {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(def.familyName()).help(def.help());
        if (unit != null) {
          b.unit(unit);
        }
        points.forEach(
            (l, v) ->
                b.dataPoint(
                    GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(l).value(v).build()));
        yield b.build();
      }
      case COUNTER -> {
        CounterSnapshot.Builder b =
            CounterSnapshot.builder().name(def.familyName()).help(def.help());
        points.forEach(
            (l, v) ->
                b.dataPoint(
                    CounterSnapshot.CounterDataPointSnapshot.builder().labels(l).value(v).build()));
        yield b.build();
      }
      case INFO -> {
        InfoSnapshot.Builder b = InfoSnapshot.builder().name(def.familyName()).help(def.help());
        points.forEach(
            (l, v) -> b.dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(l).build()));
        yield b.build();
      }
    };
  }
}
