package dev.corosyncexporter.scrape;

import dev.corosyncexporter.collector.CollectorRegistry;
import dev.corosyncexporter.collector.MetricDef;
import java.util.ArrayList;
import java.util.List;

/**
 * The exporter's own metrics. Each collector declares its own in its file; {@link #all()} is the
 * whole contract, which docs/metrics.md documents (a test keeps the two in step).
 */
public final class Metrics {
  private Metrics() {}

  // the exporter itself
  public static final MetricDef COLLECTOR_SUCCESS =
      MetricDef.gauge(
          "corosync_exporter_collector_success",
          "1 when the collector ran and parsed its tools' output.",
          "collector");
  public static final MetricDef COLLECTOR_DURATION =
      MetricDef.gauge(
          "corosync_exporter_collector_duration_seconds",
          "How long the collector took in this scrape.",
          "collector");
  public static final MetricDef BUILD_INFO =
      MetricDef.info(
          "corosync_exporter_build_info", "Version of corosync-exporter.", "version", "revision");

  // central mode: per node, and per cluster from all nodes' views
  public static final MetricDef TARGET_UP =
      MetricDef.gauge(
          "corosync_exporter_target_up",
          "1 when the node was reachable over SSH and its commands ran this scrape.");
  public static final MetricDef CLUSTER_PARTITIONS =
      MetricDef.gauge(
          "corosync_cluster_partitions",
          "Distinct membership views among the reachable nodes: 1 when healthy, 2 or more during a split.");
  public static final MetricDef CLUSTER_QUORATE_NODES =
      MetricDef.gauge("corosync_cluster_quorate_nodes", "Reachable nodes that report quorate.");
  public static final MetricDef CLUSTER_REACHABLE_NODES =
      MetricDef.gauge(
          "corosync_cluster_reachable_nodes", "Configured nodes reachable over SSH this scrape.");

  public static final MetricDef COLLECTOR_ENABLED =
      MetricDef.gauge(
          "corosync_exporter_collector_enabled",
          "1 for each collector this exporter runs, 0 for the others (by flag, or by what the host was found to run).",
          "collector");
  public static final MetricDef COLLECTOR_SOURCE =
      MetricDef.gauge(
          "corosync_exporter_collector_source",
          "1 for where each collector that has a choice gets its data (its source option; the configuration's reader for config).",
          "collector",
          "source");
  public static final MetricDef TOOL_RUNS =
      MetricDef.counter(
          "corosync_exporter_tool_runs_total",
          "Runs of each tool since the exporter started, by how they ended (exited, timed_out, not_found, failed).",
          "tool",
          "outcome");
  public static final MetricDef CONFIG_WATCH_RUNNING =
      MetricDef.gauge(
          "corosync_exporter_config_watch_running",
          "1 while corosync-cmapctl -T watches the configuration, so it is cached between scrapes; 0 when it is read every scrape.");

  /** The exporter's own series and central mode's. */
  public static final List<MetricDef> OWN =
      List.of(
          COLLECTOR_SUCCESS,
          COLLECTOR_DURATION,
          COLLECTOR_ENABLED,
          COLLECTOR_SOURCE,
          TOOL_RUNS,
          CONFIG_WATCH_RUNNING,
          BUILD_INFO,
          TARGET_UP,
          CLUSTER_PARTITIONS,
          CLUSTER_QUORATE_NODES,
          CLUSTER_REACHABLE_NODES);

  /** The whole contract: the exporter's own series and every registered collector's. */
  public static List<MetricDef> all() {
    List<MetricDef> all = new ArrayList<>(OWN);
    CollectorRegistry.get().all().forEach(d -> all.addAll(d.spec().metrics()));
    return all;
  }
}
