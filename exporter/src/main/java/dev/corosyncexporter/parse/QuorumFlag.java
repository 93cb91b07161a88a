package dev.corosyncexporter.parse;

import java.util.Locale;

/** Tokens of the quorumtool {@code Flags:} line, in the order corosync prints them. */
public enum QuorumFlag {
  TWO_NODE("2Node"),
  QUORATE("Quorate"),
  WAIT_FOR_ALL("WaitForAll"),
  LAST_MAN_STANDING("LastManStanding"),
  AUTO_TIE_BREAKER("AutoTieBreaker"),
  ALLOW_DOWNSCALE("AllowDownscale"),
  QDEVICE("Qdevice");

  private final String token;

  QuorumFlag(String token) {
    this.token = token;
  }

  /** As printed by corosync-quorumtool. */
  public String token() {
    return token;
  }

  /** As used in the {@code flag} label of corosync_quorum_flag: the name in lower case. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
