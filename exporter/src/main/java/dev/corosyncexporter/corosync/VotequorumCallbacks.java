package dev.corosyncexporter.corosync;

import com.sun.jna.Structure;

/** {@code votequorum_callbacks_t}: the library copies it at initialize. */
@Structure.FieldOrder({"quorumNotify", "expectedVotesNotify", "nodelistNotify"})
public final class VotequorumCallbacks extends Structure {
  public NativeLibraries.QuorumNotification quorumNotify;
  public NativeLibraries.ExpectedVotesNotification expectedVotesNotify;
  public NativeLibraries.NodelistNotification nodelistNotify;
}
