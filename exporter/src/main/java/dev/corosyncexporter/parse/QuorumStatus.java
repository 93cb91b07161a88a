package dev.corosyncexporter.parse;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One status block of corosync-quorumtool ({@code -s}, {@code -p}, {@code -siH}), or of {@code
 * pvecm status} (its "Cluster information" block is checked, not kept).
 *
 * @param votequorum empty when corosync does not use votequorum (no Votequorum section)
 * @param members the real nodes of the membership table, in printed order
 * @param qdeviceRow the Qdevice row of the membership table, when printed
 */
public record QuorumStatus(
    String quorumProvider,
    int nodes,
    long localNodeId,
    RingId ringId,
    boolean quorate,
    Optional<Votequorum> votequorum,
    List<Member> members,
    Optional<QdeviceRow> qdeviceRow) {

  public QuorumStatus {
    members = List.copyOf(members);
  }

  /**
   * The sequence of the {@code Ring ID:} line, decoded from any of its printed forms (hex {@code
   * 1.8d4} on ≥3.0.3, decimal {@code 1/139} on 2.4–3.0.2, a bare decimal sequence on ≤2.3).
   */
  public record RingId(long sequence) {}

  /**
   * The Votequorum section: the vote counts and the flags.
   *
   * @param quorum the number on the {@code Quorum:} line
   * @param activityBlocked the {@code Quorum:} line says "Activity blocked"
   */
  public record Votequorum(
      int expectedVotes,
      int highestExpected,
      int totalVotes,
      int quorum,
      boolean activityBlocked,
      Set<QuorumFlag> flags) {
    public Votequorum {
      flags = flags.isEmpty() ? Set.of() : EnumSet.copyOf(flags);
    }
  }

  /**
   * A row of the membership table.
   *
   * @param qdevice the node's Qdevice cell; empty when the table has no Qdevice column
   * @param name as printed, without the {@code (local)} marker
   */
  public record Member(long nodeId, int votes, Optional<QdeviceCell> qdevice, String name) {}

  /** A Qdevice cell: {@code NR}, or {@code A|NA , V|NV , MW|NMW}. */
  public record QdeviceCell(boolean registered, boolean alive, boolean voting, boolean masterWins) {
    public static final QdeviceCell NOT_REGISTERED = new QdeviceCell(false, false, false, false);
  }

  /**
   * The Qdevice row: the votes it adds in this node's view (0 when this node's qdevice does not
   * cast its vote).
   */
  public record QdeviceRow(int votes) {}
}
