package dev.corosyncexporter.parse;

import static dev.corosyncexporter.parse.LinkStatus.State.CONNECTED;
import static dev.corosyncexporter.parse.LinkStatus.State.DISCONNECTED;
import static dev.corosyncexporter.parse.LinkStatus.State.ERROR;
import static dev.corosyncexporter.parse.LinkStatus.State.LOCALHOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corosyncexporter.parse.LinkStatus.Entry;
import dev.corosyncexporter.parse.LinkStatus.State;
import java.util.List;
import org.junit.jupiter.api.Test;

class CfgtoolStatusParserTest {

  private static Entry e(int link, long node, State state) {
    return new Entry(link, node, state, true);
  }

  private static LinkStatus recorded(String name) throws ParseException {
    return CfgtoolStatusParser.parse(Fixtures.out(name));
  }

  @Test
  void healthyTwoLinks() throws ParseException {
    LinkStatus s = recorded("cfgtool-s-2n-healthy");
    assertThat(s.localNodeId()).isEqualTo(1);
    assertThat(s.entries())
        .containsExactly(
            e(0, 1, LOCALHOST), e(0, 2, CONNECTED), e(1, 1, LOCALHOST), e(1, 2, CONNECTED));
  }

  @Test
  void cutLink() throws ParseException {
    assertThat(recorded("cfgtool-s-link1-cut").entries())
        .containsExactly(
            e(0, 1, LOCALHOST), e(0, 2, CONNECTED), e(1, 1, LOCALHOST), e(1, 2, DISCONNECTED));
  }

  @Test
  void isolatedPeer() throws ParseException {
    assertThat(recorded("cfgtool-s-isolated-survivor").entries())
        .containsExactly(
            e(0, 1, LOCALHOST), e(0, 2, DISCONNECTED), e(1, 1, LOCALHOST), e(1, 2, DISCONNECTED));
  }

  @Test
  void oneLinkAndPeerDown() throws ParseException {
    assertThat(recorded("cfgtool-s-2n-1link").entries())
        .containsExactly(e(0, 1, LOCALHOST), e(0, 2, CONNECTED));
    assertThat(recorded("cfgtool-s-2n-peer-down").entries())
        .containsExactly(e(0, 1, LOCALHOST), e(0, 2, DISCONNECTED));
  }

  @Test
  void threeNodes() throws ParseException {
    LinkStatus s = recorded("cfgtool-s-3n-healthy");
    assertThat(s.entries()).hasSize(6);
    assertThat(s.entries())
        .filteredOn(x -> x.nodeId() == 3)
        .containsExactly(e(0, 3, CONNECTED), e(1, 3, CONNECTED));
  }

  @Test
  void briefOutputIsRejectedWithAClearMessage() {
    assertThatThrownBy(() -> recorded("cfgtool-sb-2n-healthy"))
        .isInstanceOfSatisfying(
            ParseException.class,
            e -> {
              assertThat(e.lineNumber()).isEqualTo(4);
              assertThat(e.line()).isEqualTo("\tstatus\t= n3");
            })
        .hasMessageContaining("brief")
        .hasMessageContaining("not supported");
  }

  @Test
  void corosyncDown() {
    assertThatThrownBy(() -> recorded("cfgtool-s-corosync-down"))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("Local node ID");
  }

  // ---- hand-written fixtures of older layouts

  @Test
  void layoutA_3_0_0_positionsAndLocalBits() throws ParseException {
    LinkStatus s = CfgtoolStatusParser.parse(Fixtures.older("cfgtool-s-3.0.0"));
    assertThat(s.localNodeId()).isEqualTo(1);
    assertThat(s.entries())
        .containsExactly(
            e(0, 0, LOCALHOST),
            e(0, 1, CONNECTED),
            e(0, 2, DISCONNECTED),
            e(1, 0, LOCALHOST),
            e(1, 1, CONNECTED),
            new Entry(1, 2, DISCONNECTED, false));
  }

  @Test
  void layoutB_3_0_2_nodeIdsWithBits() throws ParseException {
    LinkStatus s = CfgtoolStatusParser.parse(Fixtures.older("cfgtool-s-3.0.2"));
    assertThat(s.localNodeId()).isEqualTo(2);
    assertThat(s.entries())
        .containsExactly(e(0, 1, CONNECTED), e(0, 2, LOCALHOST), e(0, 10, DISCONNECTED));
  }

  @Test
  void layoutC_3_0_4_words() throws ParseException {
    LinkStatus s = CfgtoolStatusParser.parse(Fixtures.older("cfgtool-s-3.0.4"));
    assertThat(s.entries())
        .containsExactly(
            e(0, 1, LOCALHOST),
            e(0, 2, CONNECTED),
            e(0, 3, DISCONNECTED),
            e(1, 1, LOCALHOST),
            new Entry(1, 2, DISCONNECTED, false),
            e(1, 3, ERROR));
  }

  @Test
  void layoutD_3_1_3() throws ParseException {
    LinkStatus s = CfgtoolStatusParser.parse(Fixtures.older("cfgtool-s-3.1.3"));
    assertThat(s.entries()).containsExactly(e(0, 1, LOCALHOST), e(0, 2, CONNECTED));
  }

  @Test
  void layoutE_sctpLineAndFailedNodeStatusIsSkipped() throws ParseException {
    LinkStatus s = CfgtoolStatusParser.parse(Fixtures.older("cfgtool-s-3.1.10-sctp-failed-node"));
    assertThat(s.entries()).containsExactly(e(0, 1, LOCALHOST), e(0, 3, CONNECTED));
  }

  @Test
  void errorWordsAndUnknownWords() throws ParseException {
    String out =
        "Local node ID 1\nLINK ID 0\n\taddr\t= a\n\tstatus:\n"
            + "\t\tnodeid  2:\tconfig error\n"
            + "\t\tnodeid  3:\tcan't decode status character 'x'\n"
            + "\t\tnodeid  4:\tsomething new\n";
    assertThat(CfgtoolStatusParser.parse(out).entries())
        .containsExactly(e(0, 2, ERROR), e(0, 3, ERROR));
  }

  @Test
  void linkIdWithEmptyTransportHasATrailingSpace() throws ParseException {
    String out =
        "Local node ID 1, transport udpu\nLINK ID 0 \n\taddr\t= a\n\tstatus:\n\t\tnodeid:          2:\tconnected\n";
    assertThat(CfgtoolStatusParser.parse(out).entries()).containsExactly(e(0, 2, CONNECTED));
  }

  @Test
  void headerWithAndWithoutTransportWithoutEntries() throws ParseException {
    assertThat(CfgtoolStatusParser.parse("Local node ID 4, transport knet\n"))
        .isEqualTo(new LinkStatus(4, List.of()));
    assertThat(CfgtoolStatusParser.parse("Printing link status.\nLocal node ID 4\n"))
        .isEqualTo(new LinkStatus(4, List.of()));
  }

  @Test
  void udpOneLineStatusIsRejected() {
    String out =
        "Printing link status.\nLocal node ID 1\nLINK ID 0\n\taddr\t= 10.0.0.1\n\tstatus\t= OK\n";
    assertThatThrownBy(() -> CfgtoolStatusParser.parse(out))
        .isInstanceOfSatisfying(ParseException.class, e -> assertThat(e.lineNumber()).isEqualTo(5));
  }

  @Test
  void entriesBeforeAnyLinkAreSkipped() throws ParseException {
    String out = "Local node ID 1, transport knet\n\t\tnodeid:          2:\tconnected\n";
    assertThat(CfgtoolStatusParser.parse(out).entries()).isEmpty();
  }
}
