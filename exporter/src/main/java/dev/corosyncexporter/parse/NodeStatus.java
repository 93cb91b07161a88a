package dev.corosyncexporter.parse;

import java.util.List;

/**
 * {@code corosync-cfgtool -n} (3.1.1+): reachable peers only; a peer that is not listed is not reachable.
 */
public record NodeStatus(long localNodeId, List<Peer> peers) {

  public NodeStatus {
    peers = List.copyOf(peers);
  }

  public record Peer(long nodeId, boolean reachable, List<Link> links) {
    public Peer {
      links = List.copyOf(links);
    }
  }

  /** A {@code LINK:} line; printed only for enabled links. */
  public record Link(int link, String transport, String source, String destination, boolean enabled, boolean connected, long mtuBytes) {}
}
