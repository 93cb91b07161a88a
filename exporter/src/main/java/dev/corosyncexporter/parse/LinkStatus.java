package dev.corosyncexporter.parse;

import java.util.List;

/**
 * {@code corosync-cfgtool -s}: per link, the state of every node in the nodelist.
 *
 * @param localNodeId the {@code Local node ID} line
 */
public record LinkStatus(long localNodeId, List<Entry> entries) {

  public LinkStatus {
    entries = List.copyOf(entries);
  }

  public enum State {
    LOCALHOST,
    CONNECTED,
    DISCONNECTED,
    /** knet error, config error, or a status character cfgtool could not decode. */
    ERROR
  }

  /**
   * The state of one node on one link.
   *
   * @param nodeId the node's id; in 3.0.0–3.0.1 output the position in knet's status string instead
   * @param enabled false when cfgtool appended "(not enabled)" or printed link enabled:0
   */
  public record Entry(int link, long nodeId, State state, boolean enabled) {}
}
