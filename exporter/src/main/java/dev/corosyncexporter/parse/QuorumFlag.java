package dev.corosyncexporter.parse;

import java.util.Locale;

/**
 * Flags of the quorumtool {@code Flags:} line, in the order corosync prints them; {@link
 * QuorumtoolParser} knows the token it prints for each.
 */
public enum QuorumFlag {
  TWO_NODE,
  QUORATE,
  WAIT_FOR_ALL,
  LAST_MAN_STANDING,
  AUTO_TIE_BREAKER,
  ALLOW_DOWNSCALE,
  QDEVICE;

  /** As used in the {@code flag} label of corosync_quorum_flag: the name in lower case. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
