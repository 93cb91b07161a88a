package dev.corosyncexporter.parse;

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

  public enum State {
    CONNECTED("Connected", "connected"),
    CONNECTING("Connecting", "connecting"),
    CONNECT_FAILED("Connect failed", "connect_failed"),
    DISCONNECTED("Disconnected", "disconnected");

    private final String text;
    private final String label;

    State(String text, String label) {
      this.text = text;
      this.label = label;
    }

    public String text() {
      return text;
    }

    public String label() {
      return label;
    }
  }
}
