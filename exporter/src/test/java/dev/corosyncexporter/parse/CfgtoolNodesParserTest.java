package dev.corosyncexporter.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corosyncexporter.parse.NodeStatus.Link;
import dev.corosyncexporter.parse.NodeStatus.Peer;
import java.util.List;
import org.junit.jupiter.api.Test;

class CfgtoolNodesParserTest {

  private static NodeStatus recorded(String name) throws ParseException {
    return CfgtoolNodesParser.parse(Fixtures.out(name));
  }

  @Test
  void healthy() throws ParseException {
    NodeStatus s = recorded("cfgtool-n-2n-healthy");
    assertThat(s.localNodeId()).isEqualTo(1);
    assertThat(s.peers())
        .containsExactly(
            new Peer(
                2,
                true,
                List.of(
                    new Link(0, "udp", "192.0.2.11", "192.0.2.12", true, true, 1446),
                    new Link(1, "udp", "198.51.100.11", "198.51.100.12", true, true, 1446))));
  }

  @Test
  void cutLinkIsEnabledButNotConnected() throws ParseException {
    Peer p = recorded("cfgtool-n-link1-cut").peers().get(0);
    assertThat(p.links().get(1)).isEqualTo(new Link(1, "udp", "198.51.100.11", "198.51.100.12", true, false, 1446));
    assertThat(p.links().get(0).connected()).isTrue();
  }

  @Test
  void unreachablePeersAreNotListed() throws ParseException {
    assertThat(recorded("cfgtool-n-isolated-survivor").peers()).isEmpty();
    assertThat(recorded("cfgtool-n-2n-peer-down").peers()).isEmpty();
    assertThat(recorded("cfgtool-n-2n-peer-down").localNodeId()).isEqualTo(1);
  }

  @Test
  void threeNodes() throws ParseException {
    NodeStatus s = recorded("cfgtool-n-3n-healthy");
    assertThat(s.peers()).extracting(Peer::nodeId).containsExactly(2L, 3L);
    assertThat(s.peers().get(1).links())
        .containsExactly(
            new Link(0, "udp", "192.0.2.11", "192.0.2.13", true, true, 1446),
            new Link(1, "udp", "198.51.100.11", "198.51.100.13", true, true, 1446));
  }

  @Test
  void corosync313HasNoTransportWord() throws ParseException {
    NodeStatus s = CfgtoolNodesParser.parse(Fixtures.older("cfgtool-n-3.1.3"));
    assertThat(s.peers())
        .containsExactly(
            new Peer(
                2,
                true,
                List.of(
                    new Link(0, "", "192.168.1.101", "192.168.1.102", true, true, 1397),
                    new Link(1, "", "192.168.4.1", "192.168.4.2", true, false, 469))));
  }

  @Test
  void onwireRemoteAndNonKnetLinks() throws ParseException {
    String out =
        """
        Local node ID 1, transport knet
        nodeid: 2 reachable remote   onwire (min/max/cur): 0, 1, 1
           LINK: 0 sctp (fe80::1->fe80::2) enabled dynconnected mtu: 1397
           LINK: 1 udp (10.0.0.1) enabled connected mtu: 1500

        nodeid: 2 reachable
           LINK: 5 udp (x->y) enabled mtu: 1
        """;
    NodeStatus s = CfgtoolNodesParser.parse(out);
    assertThat(s.peers())
        .containsExactly(
            new Peer(
                2,
                true,
                List.of(
                    new Link(0, "sctp", "fe80::1", "fe80::2", true, false, 1397),
                    new Link(1, "udp", "10.0.0.1", "", true, true, 1500))));
  }

  @Test
  void missingLocalNodeIdFails() {
    assertThatThrownBy(() -> CfgtoolNodesParser.parse("nodeid: 2 reachable\n"))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("Local node ID");
  }
}
