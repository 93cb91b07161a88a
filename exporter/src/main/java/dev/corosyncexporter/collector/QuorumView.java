package dev.corosyncexporter.collector;

import java.util.Set;

/** A node's own view of the cluster: quorate or not, and the ids of the members it sees. */
public record QuorumView(boolean quorate, Set<Long> memberIds) {
  public QuorumView {
    memberIds = Set.copyOf(memberIds);
  }
}
