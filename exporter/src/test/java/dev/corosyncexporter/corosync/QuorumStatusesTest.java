package dev.corosyncexporter.corosync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corosyncexporter.parse.QuorumFlag;
import dev.corosyncexporter.parse.QuorumStatus;
import dev.corosyncexporter.parse.QuorumtoolParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * votequorum's answers in the lab states the fixtures were recorded in give the record that
 * corosync-quorumtool -p's output parses to (the Date line is the only thing the record drops).
 */
class QuorumStatusesTest {
  private static final int MEMBER = VotequorumInfo.NODESTATE_MEMBER;
  private static final int QDEVICE_OK =
      VotequorumInfo.QDEVICE_REGISTERED
          | VotequorumInfo.QDEVICE_ALIVE
          | VotequorumInfo.QDEVICE_CAST_VOTE;

  private static QuorumStatus parsed(String fixture) throws Exception {
    try (InputStream in =
        QuorumStatusesTest.class.getResourceAsStream("/fixtures/" + fixture + ".out")) {
      if (in == null) {
        throw new IOException("no fixture " + fixture);
      }
      return QuorumtoolParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static NodeInfo node(long id, int total, int flags) {
    return new NodeInfo(id, MEMBER, 1, 3, 3, total, 2, flags, 1, "Qdevice");
  }

  /** Every bit quorumtool prints a token for maps to that token's flag, and only those bits. */
  @Test
  void eachFlagBitGivesItsFlag() {
    int all =
        VotequorumInfo.TWONODE
            | VotequorumInfo.QUORATE
            | VotequorumInfo.WAIT_FOR_ALL
            | VotequorumInfo.LAST_MAN_STANDING
            | VotequorumInfo.AUTO_TIE_BREAKER
            | VotequorumInfo.ALLOW_DOWNSCALE
            | VotequorumInfo.QDEVICE_REGISTERED;
    assertThat(QuorumStatuses.flags(node(1, 2, all))).isEqualTo(EnumSet.allOf(QuorumFlag.class));
    assertThat(QuorumStatuses.flags(node(1, 2, VotequorumInfo.TWONODE)))
        .containsExactly(QuorumFlag.TWO_NODE);
    assertThat(QuorumStatuses.flags(node(1, 2, VotequorumInfo.QDEVICE_ALIVE))).isEmpty();
  }

  @Test
  void healthyTwoNodesWithQdevice() throws Exception {
    int flags = VotequorumInfo.QUORATE | QDEVICE_OK;
    NodeInfo n1 = node(1, 3, flags);
    VotequorumView view = new VotequorumView(1, 0x9, List.of(n1, node(2, 3, flags)), n1);
    QuorumStatus built = QuorumStatuses.from(true, view, 1, id -> "node" + id);
    assertThat(built).isEqualTo(parsed("quorumtool-p-2n-qd-healthy"));
  }

  @Test
  void survivorOfAnIsolatedPeerKeepsQuorumWithTheQdevice() throws Exception {
    NodeInfo n1 = node(1, 2, VotequorumInfo.QUORATE | QDEVICE_OK);
    VotequorumView view = new VotequorumView(1, 0xd, List.of(n1), n1);
    QuorumStatus built = QuorumStatuses.from(true, view, 1, id -> "node" + id);
    assertThat(built).isEqualTo(parsed("quorumtool-p-isolated-survivor"));
  }

  @Test
  void withoutAnyRegisteredQdeviceEveryCellIsNrAndThereIsNoQdeviceRow() {
    NodeInfo n1 = new NodeInfo(1, MEMBER, 1, 2, 2, 2, 2, VotequorumInfo.QUORATE, 0, "");
    NodeInfo n2 = new NodeInfo(2, MEMBER, 1, 2, 2, 2, 2, VotequorumInfo.QUORATE, 0, "");
    QuorumStatus s =
        QuorumStatuses.from(true, new VotequorumView(1, 5, List.of(n1, n2), n1), 1, id -> "n");
    assertThat(s.qdeviceRow()).isEmpty();
    assertThat(s.members())
        .allSatisfy(m -> assertThat(m.qdevice()).contains(QuorumStatus.QdeviceCell.NOT_REGISTERED));
    assertThat(s.votequorum().orElseThrow().activityBlocked()).isFalse();
  }

  @Test
  void notCastingLocallyShowsTheQdeviceRowWithNoVotes() {
    int registered = VotequorumInfo.QDEVICE_REGISTERED | VotequorumInfo.QDEVICE_ALIVE;
    NodeInfo n1 = new NodeInfo(1, MEMBER, 1, 3, 3, 1, 2, registered, 1, "Qdevice");
    QuorumStatus s =
        QuorumStatuses.from(false, new VotequorumView(1, 5, List.of(n1), n1), 1, id -> "n");
    assertThat(s.qdeviceRow()).contains(new QuorumStatus.QdeviceRow(0));
    assertThat(s.votequorum().orElseThrow().activityBlocked()).isTrue();
    assertThat(s.quorate()).isFalse();
    assertThat(s.members().get(0).qdevice())
        .contains(new QuorumStatus.QdeviceCell(true, true, false, false));
  }
}
