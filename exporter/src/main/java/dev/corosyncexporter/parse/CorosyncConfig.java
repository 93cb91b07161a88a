package dev.corosyncexporter.parse;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The configuration corosync is running with, read from cmap (not from corosync.conf on disk).
 *
 * @param localNodeId {@code runtime.votequorum.this_node_id}; 0 when not known
 * @param links number of knet links: the highest {@code ringN_addr} index in the nodelist plus one
 * @param qdeviceModel {@code quorum.device.model}, present when a qdevice is configured
 * @param qdeviceVotes {@code quorum.device.votes}; when unset the qdevice casts 1 vote (ffsplit
 *     default)
 */
public record CorosyncConfig(
    String clusterName,
    OptionalLong configVersion,
    List<Node> nodes,
    int links,
    Optional<String> qdeviceModel,
    OptionalInt qdeviceVotes,
    long localNodeId) {

  public CorosyncConfig {
    nodes = List.copyOf(nodes);
  }

  /** A nodelist entry. {@code name} falls back to ring0_addr when the entry has no name. */
  public record Node(long nodeId, String name, int votes) {}

  public boolean qdeviceConfigured() {
    return qdeviceModel.isPresent();
  }

  /** Configured node votes plus the qdevice's configured votes. */
  public int configuredVotes() {
    return nodes.stream().mapToInt(Node::votes).sum()
        + (qdeviceConfigured() ? qdeviceVotes().orElse(1) : 0);
  }

  public Optional<Node> node(long nodeId) {
    return nodes.stream().filter(n -> n.nodeId() == nodeId).findFirst();
  }

  public Optional<String> localNodeName() {
    return node(localNodeId).map(Node::name);
  }
}
