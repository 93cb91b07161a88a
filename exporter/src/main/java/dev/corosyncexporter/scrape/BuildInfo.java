package dev.corosyncexporter.scrape;

import io.prometheus.metrics.model.snapshots.Labels;

/** What the exporter is, for corosync_exporter_build_info in either mode. */
public record BuildInfo(String version, String revision) {
  public SnapshotAssembler.Extra extra(Identity id) {
    return new SnapshotAssembler.Extra(
        Metrics.BUILD_INFO,
        Labels.of(
            "cluster_name",
            id.clusterName(),
            "node_name",
            id.nodeName(),
            "version",
            version,
            "revision",
            revision),
        1);
  }
}
