package dev.corosyncexporter.parse;

import static dev.corosyncexporter.parse.QuorumFlag.QDEVICE;
import static dev.corosyncexporter.parse.QuorumFlag.QUORATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corosyncexporter.parse.QuorumStatus.Member;
import dev.corosyncexporter.parse.QuorumStatus.QdeviceCell;
import dev.corosyncexporter.parse.QuorumStatus.QdeviceRow;
import dev.corosyncexporter.parse.QuorumStatus.RingId;
import dev.corosyncexporter.parse.QuorumStatus.Votequorum;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QuorumtoolParserTest {

  private static final QdeviceCell A_V_NMW = new QdeviceCell(true, true, true, false);
  private static final QdeviceCell A_NV_NMW = new QdeviceCell(true, true, false, false);
  private static final QdeviceCell NR = QdeviceCell.NOT_REGISTERED;
  private static final QdeviceRow QDEVICE_VOTING = new QdeviceRow(1);
  private static final QdeviceRow QDEVICE_NOT_VOTING = new QdeviceRow(0);

  private static Member member(long id, QdeviceCell cell, String name) {
    return new Member(id, 1, Optional.ofNullable(cell), name);
  }

  private static QuorumStatus recorded(String name) throws ParseException {
    return QuorumtoolParser.parse(Fixtures.out(name));
  }

  @Test
  void healthyTwoNodesWithQdevice() throws ParseException {
    QuorumStatus s = recorded("quorumtool-p-2n-qd-healthy");
    assertThat(s.quorumProvider()).isEqualTo("corosync_votequorum");
    assertThat(s.nodes()).isEqualTo(2);
    assertThat(s.localNodeId()).isEqualTo(1);
    assertThat(s.ringId()).isEqualTo(new RingId(9));
    assertThat(s.quorate()).isTrue();
    assertThat(s.votequorum())
        .contains(new Votequorum(3, 3, 3, 2, false, Set.of(QUORATE, QDEVICE)));
    assertThat(s.members())
        .containsExactly(member(1, A_V_NMW, "node1"), member(2, A_V_NMW, "node2"));
    assertThat(s.qdeviceRow()).contains(QDEVICE_VOTING);
  }

  @Test
  void plainStatusShowsTheQdeviceColumnWhenAQdeviceIsRegistered() throws ParseException {
    assertThat(recorded("quorumtool-s-2n-qd-healthy"))
        .isEqualTo(recorded("quorumtool-p-2n-qd-healthy"));
  }

  @Test
  void hexIdsAndIpNames() throws ParseException {
    QuorumStatus s = recorded("quorumtool-siH-2n-qd-healthy");
    assertThat(s.localNodeId()).isEqualTo(1);
    assertThat(s.members())
        .containsExactly(member(1, A_V_NMW, "192.0.2.11"), member(2, A_V_NMW, "192.0.2.12"));
    assertThat(s.qdeviceRow()).contains(QDEVICE_VOTING);
  }

  @Test
  void isolatedNodeIsBlockedAndItsQdeviceDoesNotVote() throws ParseException {
    QuorumStatus s = recorded("quorumtool-p-isolated-node");
    assertThat(s.localNodeId()).isEqualTo(2);
    assertThat(s.nodes()).isEqualTo(1);
    assertThat(s.ringId()).isEqualTo(new RingId(13));
    assertThat(s.quorate()).isFalse();
    assertThat(s.votequorum()).contains(new Votequorum(3, 3, 1, 2, true, Set.of(QDEVICE)));
    assertThat(s.members()).containsExactly(member(2, A_NV_NMW, "node2"));
    assertThat(s.qdeviceRow()).contains(QDEVICE_NOT_VOTING);
  }

  @Test
  void isolatedNodeWithHexIds() throws ParseException {
    QuorumStatus s = recorded("quorumtool-siH-isolated-node");
    assertThat(s.localNodeId()).isEqualTo(2);
    assertThat(s.quorate()).isFalse();
    assertThat(s.votequorum().orElseThrow().activityBlocked()).isTrue();
    assertThat(s.members()).containsExactly(member(2, A_NV_NMW, "192.0.2.12"));
    assertThat(s.qdeviceRow()).contains(QDEVICE_NOT_VOTING);
  }

  @Test
  void survivorKeepsQuorumWithTheQdeviceVote() throws ParseException {
    QuorumStatus s = recorded("quorumtool-p-isolated-survivor");
    assertThat(s.quorate()).isTrue();
    assertThat(s.nodes()).isEqualTo(1);
    assertThat(s.ringId().sequence()).isEqualTo(13);
    assertThat(s.votequorum())
        .contains(new Votequorum(3, 3, 2, 2, false, Set.of(QUORATE, QDEVICE)));
    assertThat(s.members()).containsExactly(member(1, A_V_NMW, "node1"));
    assertThat(s.qdeviceRow()).contains(QDEVICE_VOTING);
  }

  @Test
  void cutLinkDoesNotChangeQuorum() throws ParseException {
    assertThat(recorded("quorumtool-p-link1-cut"))
        .isEqualTo(recorded("quorumtool-p-2n-qd-healthy"));
  }

  @Test
  void qnetdDownLeavesQdevicesAliveButNotVoting() throws ParseException {
    QuorumStatus s = recorded("quorumtool-p-qnetd-down");
    assertThat(s.quorate()).isTrue();
    assertThat(s.ringId()).isEqualTo(new RingId(0x11));
    assertThat(s.votequorum())
        .contains(new Votequorum(3, 3, 2, 2, false, Set.of(QUORATE, QDEVICE)));
    assertThat(s.members())
        .containsExactly(member(1, A_NV_NMW, "node1"), member(2, A_NV_NMW, "node2"));
    assertThat(s.qdeviceRow()).contains(QDEVICE_NOT_VOTING);
  }

  @Test
  void stoppedLocalQdeviceIsNotRegisteredAndDropsTheQdeviceFlag() throws ParseException {
    QuorumStatus s = recorded("quorumtool-p-qdevice-stopped");
    assertThat(s.votequorum()).contains(new Votequorum(3, 3, 2, 2, false, Set.of(QUORATE)));
    assertThat(s.members()).containsExactly(member(1, NR, "node1"), member(2, A_V_NMW, "node2"));
    assertThat(s.qdeviceRow()).contains(QDEVICE_NOT_VOTING);
  }

  @Test
  void withoutQdeviceMinusPShowsNotRegisteredCells() throws ParseException {
    QuorumStatus s = recorded("quorumtool-p-2n-healthy");
    assertThat(s.votequorum()).contains(new Votequorum(2, 2, 2, 2, false, Set.of(QUORATE)));
    assertThat(s.members()).containsExactly(member(1, NR, "node1"), member(2, NR, "node2"));
    assertThat(s.qdeviceRow()).isEmpty();
  }

  @Test
  void withoutQdeviceAndWithoutMinusPThereIsNoQdeviceColumn() throws ParseException {
    QuorumStatus s = recorded("quorumtool-s-2n-healthy");
    assertThat(s.members()).containsExactly(member(1, null, "node1"), member(2, null, "node2"));
    assertThat(s.qdeviceRow()).isEmpty();
  }

  @Test
  void peerDownWithoutQdeviceBlocksActivityAndHasNoFlags() throws ParseException {
    QuorumStatus s = recorded("quorumtool-p-2n-peer-down");
    assertThat(s.quorate()).isFalse();
    assertThat(s.votequorum()).contains(new Votequorum(2, 2, 1, 2, true, Set.of()));
    assertThat(s.members()).containsExactly(member(1, NR, "node1"));
  }

  @Test
  void peerDownHex() throws ParseException {
    QuorumStatus s = recorded("quorumtool-siH-2n-peer-down");
    assertThat(s.quorate()).isFalse();
    assertThat(s.members()).containsExactly(member(1, null, "192.0.2.11"));
  }

  @Test
  void expectedVotesLowered() throws ParseException {
    QuorumStatus s = recorded("quorumtool-p-expected-1");
    assertThat(s.quorate()).isTrue();
    assertThat(s.votequorum()).contains(new Votequorum(1, 1, 1, 1, false, Set.of(QUORATE)));
  }

  @Test
  void threeNodes() throws ParseException {
    assertThat(recorded("quorumtool-p-3n-healthy").members())
        .extracting(Member::nodeId)
        .containsExactly(1L, 2L, 3L);
    QuorumStatus oneDown = recorded("quorumtool-p-3n-one-down");
    assertThat(oneDown.nodes()).isEqualTo(2);
    assertThat(oneDown.quorate()).isTrue();
    assertThat(oneDown.votequorum().orElseThrow().totalVotes()).isEqualTo(2);
    assertThat(oneDown.members()).extracting(Member::nodeId).containsExactly(1L, 2L);
  }

  @Test
  void corosyncDownPrintsNothingOnStdout() {
    assertThatThrownBy(() -> recorded("quorumtool-p-corosync-down"))
        .isInstanceOfSatisfying(
            ParseException.class, e -> assertThat(e.tool()).isEqualTo("corosync-quorumtool"))
        .hasMessageContaining("Node ID");
  }

  @Test
  void listOutputIsNotAStatus() {
    String out = Fixtures.out("quorumtool-l-2n-qd-healthy");
    assertThatThrownBy(() -> QuorumtoolParser.parse(out)).isInstanceOf(ParseException.class);
  }

  // ---- hand-written fixtures of formats the lab cannot run

  @Test
  void pvecmStatus() throws ParseException {
    QuorumStatus s = QuorumtoolParser.parse(Fixtures.older("pvecm-status-2n"));
    assertThat(s.localNodeId()).isEqualTo(1);
    assertThat(s.ringId()).isEqualTo(new RingId(0x13));
    assertThat(s.votequorum()).contains(new Votequorum(2, 2, 2, 2, false, Set.of(QUORATE)));
    assertThat(s.members())
        .containsExactly(member(1, null, "192.168.10.201"), member(2, null, "192.168.10.202"));
  }

  @Test
  void pveFourNodesTwoDownHeldByQdevice() throws ParseException {
    QuorumStatus s = QuorumtoolParser.parse(Fixtures.older("quorumtool-siH-4n-qd-2down"));
    assertThat(s.localNodeId()).isEqualTo(2);
    assertThat(s.ringId()).isEqualTo(new RingId(0x8d4));
    assertThat(s.votequorum())
        .contains(new Votequorum(4, 4, 3, 3, false, Set.of(QUORATE, QDEVICE)));
    assertThat(s.members())
        .containsExactly(
            member(1, A_V_NMW, "192.168.51.239"), member(2, A_V_NMW, "192.168.50.218"));
    assertThat(s.qdeviceRow()).contains(QDEVICE_VOTING);
  }

  @Test
  void ringIdFormatsOfEveryRelease() throws ParseException {
    assertThat(QuorumtoolParser.parse(Fixtures.older("quorumtool-s-3.0.3-qd")).ringId())
        .isEqualTo(new RingId(0x16d));
    assertThat(QuorumtoolParser.parse(Fixtures.older("quorumtool-s-2.4.5-qd")).ringId())
        .isEqualTo(new RingId(139));
    assertThat(QuorumtoolParser.parse(Fixtures.older("quorumtool-s-2.3-blocked")).ringId())
        .isEqualTo(new RingId(19868));
  }

  @Test
  void corosync245IsOtherwiseIdenticalTo303() throws ParseException {
    QuorumStatus v245 = QuorumtoolParser.parse(Fixtures.older("quorumtool-s-2.4.5-qd"));
    QuorumStatus v303 = QuorumtoolParser.parse(Fixtures.older("quorumtool-s-3.0.3-qd"));
    assertThat(v245.members()).isEqualTo(v303.members()).hasSize(2);
    assertThat(v245.members().get(0)).isEqualTo(member(1, A_V_NMW, "node1.local"));
    assertThat(v245.votequorum()).isEqualTo(v303.votequorum());
  }

  @Test
  void corosync23QdeviceRowHasNoVotesSuffix() throws ParseException {
    QuorumStatus s = QuorumtoolParser.parse(Fixtures.older("quorumtool-s-2.3-blocked"));
    assertThat(s.quorate()).isFalse();
    assertThat(s.votequorum()).contains(new Votequorum(3, 3, 1, 2, true, Set.of(QDEVICE)));
    assertThat(s.members()).containsExactly(member(1, A_NV_NMW, "rh70-node1"));
    assertThat(s.qdeviceRow()).contains(QDEVICE_VOTING);
  }

  @Test
  void twoNodeFlags() throws ParseException {
    QuorumStatus s = QuorumtoolParser.parse(Fixtures.older("quorumtool-p-two-node"));
    assertThat(s.votequorum().orElseThrow().flags())
        .containsExactlyInAnyOrder(QuorumFlag.TWO_NODE, QUORATE, QuorumFlag.WAIT_FOR_ALL);
    assertThat(s.votequorum().orElseThrow().quorum()).isEqualTo(1);
    assertThat(s.members()).containsExactly(member(1, NR, "master-0"), member(2, NR, "master-1"));
  }

  @Test
  void unableToGetNodeInfoIsSkippedAndEmptyNameKept() throws ParseException {
    QuorumStatus s = QuorumtoolParser.parse(Fixtures.older("quorumtool-s-unable-node-info"));
    assertThat(s.votequorum().orElseThrow().flags()).containsExactly(QUORATE);
    assertThat(s.members())
        .containsExactly(
            member(1, null, "node1"),
            member(2, null, "node2"),
            new Member(3, 0, Optional.empty(), ""));
  }

  @Test
  void withoutVotequorumOnlyTheQuorumBlockIsPrinted() throws ParseException {
    QuorumStatus s = QuorumtoolParser.parse(Fixtures.older("quorumtool-s-no-votequorum"));
    assertThat(s.quorumProvider()).isEqualTo("Not configured");
    assertThat(s.ringId()).isEqualTo(new RingId(0x1a));
    assertThat(s.votequorum()).isEmpty();
    assertThat(s.members()).isEmpty();
    assertThat(s.qdeviceRow()).isEmpty();
  }

  // ---- edge cases on inline text

  private static final String HEAD =
      """
      Quorum information
      ------------------
      Date:             Mon Nov 23 12:15:20 2026
      Quorum provider:  corosync_votequorum
      Nodes:            2
      Node ID:          1
      Ring ID:          1.9
      Quorate:          Yes
      """;

  private static final String VOTEQUORUM =
      """

      Votequorum information
      ----------------------
      Expected votes:   2
      Highest expected: 2
      Total votes:      2
      Quorum:           2 \s
      Flags:            Quorate Bogus 2Node\s
      """;

  @Test
  void unknownFlagTokensAreIgnored() throws ParseException {
    QuorumStatus s = QuorumtoolParser.parse(HEAD + VOTEQUORUM);
    assertThat(s.votequorum().orElseThrow().flags())
        .containsExactlyInAnyOrder(QUORATE, QuorumFlag.TWO_NODE);
    assertThat(s.votequorum().orElseThrow().activityBlocked()).isFalse();
  }

  @Test
  void duplicatedMemberRowKeepsTheFirst() throws ParseException {
    String table =
        """

        Membership information
        ----------------------
            Nodeid      Votes Name
                 1          1 node1 (local)
                 2          1 node2
                 2          7 impostor
                 1          1 node1 (local)
        """;
    QuorumStatus s = QuorumtoolParser.parse(HEAD + VOTEQUORUM + table);
    assertThat(s.members()).containsExactly(member(1, null, "node1"), member(2, null, "node2"));
  }

  @Test
  void monitorOutputYieldsTheFirstBlock() throws ParseException {
    String second = HEAD.replace("Quorate:          Yes", "Quorate:          No");
    QuorumStatus s = QuorumtoolParser.parse(HEAD + VOTEQUORUM + "\n" + second + VOTEQUORUM);
    assertThat(s.quorate()).isTrue();
  }

  @Test
  void crlfLineEndings() throws ParseException {
    String crlf = Fixtures.out("quorumtool-p-isolated-node").replace("\n", "\r\n");
    assertThat(QuorumtoolParser.parse(crlf)).isEqualTo(recorded("quorumtool-p-isolated-node"));
  }

  @Test
  void badQuorateValueNamesItsLine() {
    assertThatThrownBy(
            () ->
                QuorumtoolParser.parse(
                    HEAD.replace("Quorate:          Yes", "Quorate:          Maybe")))
        .isInstanceOfSatisfying(
            ParseException.class,
            e -> {
              assertThat(e.tool()).isEqualTo("corosync-quorumtool");
              assertThat(e.lineNumber()).isEqualTo(8);
              assertThat(e.line()).isEqualTo("Quorate:          Maybe");
            });
  }

  @Test
  void missingQuorateLineFails() {
    assertThatThrownBy(() -> QuorumtoolParser.parse(HEAD.replace("Quorate:          Yes\n", "")))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("'Quorate:'");
  }

  @Test
  void truncatedVotequorumSectionFails() {
    String truncated = HEAD + VOTEQUORUM.substring(0, VOTEQUORUM.indexOf("Total votes"));
    assertThatThrownBy(() -> QuorumtoolParser.parse(truncated))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("Total votes");
  }

  @Test
  void unknownRingIdFormatFails() {
    assertThatThrownBy(() -> QuorumtoolParser.parse(HEAD.replace("1.9", "x-y")))
        .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.lineNumber()).isEqualTo(7));
  }

  @Test
  void pvecmBlockMissingAFieldFails() {
    String pvecm =
        "Cluster information\n-------------------\nName:             c\nConfig Version:   3\n\n";
    assertThatThrownBy(() -> QuorumtoolParser.parse(pvecm + HEAD))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("Transport");
  }

  @Test
  void pvecmDefaultsForAMissingTotemKeyAreAccepted() throws ParseException {
    String pvecm =
        """
        Cluster information
        -------------------
        Name:             UNKOWN?
        Config Version:   -1
        Transport:        knet
        Secure auth:      off

        """;
    assertThat(QuorumtoolParser.parse(pvecm + HEAD)).isEqualTo(QuorumtoolParser.parse(HEAD));
  }

  @Test
  void localMarkerWithEmptyName() throws ParseException {
    String table =
        """

        Membership information
        ----------------------
            Nodeid      Votes    Qdevice Name
                 1          1         NR  (local)
        """;
    assertThat(QuorumtoolParser.parse(HEAD + VOTEQUORUM + table).members())
        .containsExactly(new Member(1, 1, Optional.of(NR), ""));
  }
}
