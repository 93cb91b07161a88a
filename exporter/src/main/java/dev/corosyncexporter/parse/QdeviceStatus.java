package dev.corosyncexporter.parse;

import java.util.Locale;
import java.util.Optional;

/**
 * {@code corosync-qdevice-tool -sv}.
 *
 * @param state the Qdevice-net {@code State:} line; empty for models other than net
 * @param castVote {@code Poll timer running: Yes (cast vote)} or a {@code Last poll call} with
 *     "(cast vote)"
 */
public record QdeviceStatus(
    String model,
    long nodeId,
    Optional<State> state,
    String algorithm,
    String tieBreaker,
    String qnetdHost,
    boolean castVote,
    String clusterName) {

  /** The State: line's values; {@link QdeviceToolParser} knows how the tool prints each. */
  public enum State {
    CONNECTED,
    CONNECTING,
    CONNECT_FAILED,
    DISCONNECTED;

    /** As used in the {@code state} label of corosync_qdevice_state: the name in lower case. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
