package dev.corosyncexporter.corosync;

/**
 * What {@code votequorum_getinfo} returned for one node, copied out of the native struct.
 *
 * @param state VOTEQUORUM_NODESTATE_*: 1 member, 2 dead, 3 leaving
 * @param flags VOTEQUORUM_INFO_* bits ({@link VotequorumInfo})
 */
public record NodeInfo(
    long nodeId,
    int state,
    int votes,
    int expectedVotes,
    int highestExpected,
    int totalVotes,
    int quorum,
    int flags,
    int qdeviceVotes,
    String qdeviceName) {

  static NodeInfo of(VotequorumInfo i) {
    return new NodeInfo(
        Integer.toUnsignedLong(i.nodeId),
        i.nodeState,
        i.nodeVotes,
        i.nodeExpectedVotes,
        i.highestExpected,
        i.totalVotes,
        i.quorum,
        i.flags,
        i.qdeviceVotes,
        i.qdeviceNameString());
  }

  public boolean has(int flag) {
    return (flags & flag) != 0;
  }
}
