package dev.corosyncexporter.corosync;

import java.util.List;

/**
 * One scrape's answer from votequorum.
 *
 * @param ringSequence the sequence of the ring id of the last membership notification
 * @param members getinfo of every node in the current membership, in the order corosync lists them
 * @param local getinfo of this node
 */
public record VotequorumView(
    long ringNodeId, long ringSequence, List<NodeInfo> members, NodeInfo local) {
  public VotequorumView {
    members = List.copyOf(members);
  }
}
