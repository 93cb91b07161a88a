package dev.corosyncexporter.corosync;

import dev.corosyncexporter.parse.QuorumFlag;
import dev.corosyncexporter.parse.QuorumStatus;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * Builds, from votequorum's answers, the record the tool path parses out of {@code
 * corosync-quorumtool -p}, field for field the way quorumtool derives what it prints
 * (tools/corosync-quorumtool.c, display_quorum_data and display_nodes_data).
 */
public final class QuorumStatuses {
  private QuorumStatuses() {}

  /**
   * The status quorumtool would print now.
   *
   * @param quorate {@code quorum_getquorate}
   * @param names a member's name as quorumtool prints it (nodelist name, else ring0 address)
   */
  public static QuorumStatus from(
      boolean quorate, VotequorumView view, long localNodeId, LongFunction<String> names) {
    NodeInfo local = view.local();
    QuorumStatus.Votequorum vq =
        new QuorumStatus.Votequorum(
            local.expectedVotes(),
            local.highestExpected(),
            local.totalVotes(),
            local.quorum(),
            !local.has(VotequorumInfo.QUORATE),
            flags(local));
    List<QuorumStatus.Member> members = new ArrayList<>();
    boolean anyRegistered = false;
    int ourFlags = 0;
    for (NodeInfo m : view.members()) {
      anyRegistered |= m.has(VotequorumInfo.QDEVICE_REGISTERED);
      if (m.nodeId() == localNodeId) {
        ourFlags = m.flags();
      }
      // -p always prints the Qdevice column.
      members.add(
          new QuorumStatus.Member(
              m.nodeId(), m.votes(), Optional.of(cell(m)), names.apply(m.nodeId())));
    }
    // The Qdevice row shows the first listed member's qdevice votes, counted only when this node's
    // qdevice casts its vote.
    Optional<QuorumStatus.QdeviceRow> row =
        anyRegistered
            ? Optional.of(
                new QuorumStatus.QdeviceRow(
                    (ourFlags & VotequorumInfo.QDEVICE_CAST_VOTE) != 0
                        ? view.members().get(0).qdeviceVotes()
                        : 0))
            : Optional.empty();
    return new QuorumStatus(
        "corosync_votequorum",
        view.members().size(),
        localNodeId,
        new QuorumStatus.RingId(view.ringSequence()),
        quorate,
        Optional.of(vq),
        members,
        row);
  }

  static QuorumStatus.QdeviceCell cell(NodeInfo m) {
    if (!m.has(VotequorumInfo.QDEVICE_REGISTERED)) {
      return QuorumStatus.QdeviceCell.NOT_REGISTERED;
    }
    return new QuorumStatus.QdeviceCell(
        true,
        m.has(VotequorumInfo.QDEVICE_ALIVE),
        m.has(VotequorumInfo.QDEVICE_CAST_VOTE),
        m.has(VotequorumInfo.QDEVICE_MASTER_WINS));
  }

  /** Each votequorum flag bit and the quorumtool Flags: token it prints for it. */
  private static final Map<Integer, QuorumFlag> FLAG_BITS =
      Map.of(
          VotequorumInfo.TWONODE, QuorumFlag.TWO_NODE,
          VotequorumInfo.QUORATE, QuorumFlag.QUORATE,
          VotequorumInfo.WAIT_FOR_ALL, QuorumFlag.WAIT_FOR_ALL,
          VotequorumInfo.LAST_MAN_STANDING, QuorumFlag.LAST_MAN_STANDING,
          VotequorumInfo.AUTO_TIE_BREAKER, QuorumFlag.AUTO_TIE_BREAKER,
          VotequorumInfo.ALLOW_DOWNSCALE, QuorumFlag.ALLOW_DOWNSCALE,
          VotequorumInfo.QDEVICE_REGISTERED, QuorumFlag.QDEVICE);

  static Set<QuorumFlag> flags(NodeInfo local) {
    Set<QuorumFlag> flags = EnumSet.noneOf(QuorumFlag.class);
    FLAG_BITS.forEach(
        (bit, flag) -> {
          if (local.has(bit)) {
            flags.add(flag);
          }
        });
    return flags;
  }
}
