package dev.corosyncexporter.config;

import java.util.List;
import java.util.stream.Stream;

/**
 * One corosync cluster to watch from outside.
 *
 * @param name the operator's name for it, or null; metrics use corosync's own totem.cluster_name,
 *     and a configured name is checked against it
 * @param qnetd qnetd servers that arbitrate for this cluster; may be empty
 */
public record ClusterTarget(String name, List<NodeTarget> nodes, List<NodeTarget> qnetd) {

  public ClusterTarget {
    nodes = List.copyOf(nodes);
    qnetd = List.copyOf(qnetd);
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a cluster needs at least one node");
    }
    if (name != null && name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
  }

  /** What to call the cluster before corosync has told us its name. */
  public String displayName() {
    return name != null ? name : nodes.get(0).host();
  }

  public boolean hasConfiguredName() {
    return name != null;
  }

  /** Nodes first, then qnetd servers, without duplicates. */
  public List<NodeTarget> allTargets() {
    return Stream.concat(nodes.stream(), qnetd.stream()).distinct().toList();
  }
}
