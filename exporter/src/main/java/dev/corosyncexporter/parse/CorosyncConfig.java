package dev.corosyncexporter.parse;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The configuration corosync is running with, read from cmap (not from corosync.conf on disk).
 *
 * @param localNodeId {@code runtime.votequorum.this_node_id}; 0 when not known
 * @param links number of knet links: the highest {@code ringN_addr} index in the nodelist plus one
 * @param qdeviceModel {@code quorum.device.model}, present when a qdevice is configured
 * @param qdeviceVotes {@code quorum.device.votes}; when unset the qdevice casts 1 vote (ffsplit
 *     default)
 * @param timeouts the totem timeouts corosync computed and runs with ({@code
 *     runtime.config.totem.})
 */
public record CorosyncConfig(
    String clusterName,
    OptionalLong configVersion,
    List<Node> nodes,
    int links,
    Optional<String> qdeviceModel,
    OptionalInt qdeviceVotes,
    long localNodeId,
    Timeouts timeouts) {

  public CorosyncConfig {
    nodes = List.copyOf(nodes);
  }

  /** A configuration read without the runtime timeouts. */
  public CorosyncConfig(
      String clusterName,
      OptionalLong configVersion,
      List<Node> nodes,
      int links,
      Optional<String> qdeviceModel,
      OptionalInt qdeviceVotes,
      long localNodeId) {
    this(
        clusterName,
        configVersion,
        nodes,
        links,
        qdeviceModel,
        qdeviceVotes,
        localNodeId,
        Timeouts.NONE);
  }

  /**
   * The timeouts in force, in the units corosync keeps them; each empty when its key is absent or
   * not a number.
   *
   * @param tokenMillis {@code runtime.config.totem.token}: token + (nodes - 2) * token_coefficient
   * @param consensusMillis {@code runtime.config.totem.consensus}
   * @param tokenWarningPercent {@code runtime.config.totem.token_warning}: share of the token after
   *     which corosync logs "Token has not been received in N ms"; 0 = off
   * @param knetPing per link number, {@code runtime.config.totem.interface.N.knet_ping_*}
   */
  public record Timeouts(
      OptionalLong tokenMillis,
      OptionalLong consensusMillis,
      OptionalLong tokenWarningPercent,
      SortedMap<Integer, KnetPing> knetPing) {
    public static final Timeouts NONE =
        new Timeouts(
            OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), new TreeMap<>());

    public Timeouts {
      knetPing = Collections.unmodifiableSortedMap(new TreeMap<>(knetPing));
    }
  }

  /**
   * knet's ping settings of one link.
   *
   * @param intervalMillis {@code knet_ping_interval}
   * @param timeoutMillis {@code knet_ping_timeout}
   */
  public record KnetPing(OptionalLong intervalMillis, OptionalLong timeoutMillis) {}

  /**
   * A nodelist entry. {@code name} falls back to ring0_addr when the entry has no name.
   *
   * @param named whether the entry has a {@code name}
   * @param firstAddress its address on the lowest link that has one ({@code ringN_addr}), as
   *     configured (an address or a host name); empty if none
   */
  public record Node(long nodeId, String name, int votes, boolean named, String firstAddress) {
    /** A named entry whose addresses do not matter. */
    public Node(long nodeId, String name, int votes) {
      this(nodeId, name, votes, true, "");
    }
  }

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
