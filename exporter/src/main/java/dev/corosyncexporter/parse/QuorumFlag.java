package dev.corosyncexporter.parse;

/** Tokens of the quorumtool {@code Flags:} line, in the order corosync prints them. */
public enum QuorumFlag {
  TWO_NODE("2Node", "two_node"),
  QUORATE("Quorate", "quorate"),
  WAIT_FOR_ALL("WaitForAll", "wait_for_all"),
  LAST_MAN_STANDING("LastManStanding", "last_man_standing"),
  AUTO_TIE_BREAKER("AutoTieBreaker", "auto_tie_breaker"),
  ALLOW_DOWNSCALE("AllowDownscale", "allow_downscale"),
  QDEVICE("Qdevice", "qdevice");

  private final String token;
  private final String label;

  QuorumFlag(String token, String label) {
    this.token = token;
    this.label = label;
  }

  /** As printed by corosync-quorumtool. */
  public String token() {
    return token;
  }

  /** As used in the {@code flag} label of corosync_quorum_flag. */
  public String label() {
    return label;
  }
}
