package dev.corosyncexporter.config;

import java.util.List;

/**
 * Everything central mode needs, loaded and validated once at start and never mutated: there is no
 * reload, a changed file takes effect on restart.
 */
public record ExporterConfig(List<ClusterTarget> clusters) {

  public ExporterConfig {
    clusters = List.copyOf(clusters);
    if (clusters.isEmpty()) {
      throw new IllegalArgumentException("at least one cluster is required");
    }
  }

  /**
   * Every SSH target across all clusters, once each (a qnetd server may serve several clusters).
   */
  public List<NodeTarget> allTargets() {
    return clusters.stream().flatMap(c -> c.allTargets().stream()).distinct().toList();
  }
}
