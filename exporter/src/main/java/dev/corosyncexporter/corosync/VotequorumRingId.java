package dev.corosyncexporter.corosync;

import com.sun.jna.Structure;

/** {@code votequorum_ring_id_t}: passed by value to the nodelist notification. */
@Structure.FieldOrder({"nodeid", "seq"})
public class VotequorumRingId extends Structure {
  public int nodeid;
  public long seq;

  /** The by-value form the callback receives. */
  public static final class ByValue extends VotequorumRingId implements Structure.ByValue {}
}
