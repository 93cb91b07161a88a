package dev.corosyncexporter.parse;

import java.util.List;

/**
 * {@code corosync-cfgtool -s}: per link, the state of every node in the nodelist.
 *
 * @param localNodeId the {@code Local node ID} line
 * @param format which release line printed it (the layout changed in almost every 3.x release)
 */
public record LinkStatus(long localNodeId, Format format, List<Entry> entries) {

  public LinkStatus {
    entries = List.copyOf(entries);
  }

  public enum Format {
    /** 3.0.0–3.0.1: "node N:\tlink enabled:1\tlink connected:1", N is a position, not a node id. */
    V3_0_0,
    /** 3.0.2–3.0.3: "nodeid NN:\tlink enabled:1\tlink connected:1". */
    V3_0_2,
    /** 3.0.4–3.1.0: "nodeid  N:\tconnected". */
    V3_0_4,
    /** 3.1.1 and later: "Local node ID N, transport T" then "nodeid: N:\tconnected". */
    V3_1
  }

  public enum State {
    LOCALHOST,
    CONNECTED,
    DISCONNECTED,
    /** knet error, config error, or a status character cfgtool could not decode. */
    ERROR
  }

  /**
   * @param nodeId the node's id; for {@link Format#V3_0_0} the position in the status string
   * @param enabled false when cfgtool appended "(not enabled)" or printed link enabled:0
   */
  public record Entry(int link, String address, long nodeId, State state, boolean enabled) {}
}
