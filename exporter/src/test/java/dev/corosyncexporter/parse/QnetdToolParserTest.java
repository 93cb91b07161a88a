package dev.corosyncexporter.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corosyncexporter.parse.QnetdClusters.Client;
import dev.corosyncexporter.parse.QnetdClusters.Cluster;
import dev.corosyncexporter.parse.QnetdClusters.Vote;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QnetdToolParserTest {

  private static final Client NODE1 =
      new Client(
          1,
          "::ffff:192.0.2.11:58472",
          List.of(1L, 2L),
          Optional.of(Vote.ACK),
          Optional.of(Vote.ACK));
  private static final Client NODE2 =
      new Client(
          2,
          "::ffff:192.0.2.12:36462",
          List.of(1L, 2L),
          Optional.of(Vote.NO_CHANGE),
          Optional.of(Vote.ACK));

  @Test
  void status() throws ParseException {
    assertThat(QnetdToolParser.parseStatus(Fixtures.out("qnetd-tool-sv-2n-healthy")))
        .isEqualTo(new QnetdStatus(2, 1));
  }

  @Test
  void statusWhenNotRunningFails() {
    assertThatThrownBy(() -> QnetdToolParser.parseStatus(Fixtures.out("qnetd-tool-s-not-running")))
        .isInstanceOfSatisfying(
            ParseException.class, e -> assertThat(e.tool()).isEqualTo("corosync-qnetd-tool"));
  }

  private static final String TLS_STATUS =
      "QNetd address:\t\t\t[::1]:5403\nTLS:\t\t\t\tRequired (client certificate required)\nConnected clients:\t\t0\nConnected clusters:\t\t0\n";

  @Test
  void statusWithTlsRequired() throws ParseException {
    assertThat(QnetdToolParser.parseStatus(TLS_STATUS)).isEqualTo(new QnetdStatus(0, 0));
  }

  @Test
  void statusWithoutTheAddressOrTlsLineFails() {
    assertThatThrownBy(
            () ->
                QnetdToolParser.parseStatus(TLS_STATUS.replace("QNetd address:", "QNetd adress:")))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("QNetd address");
    assertThatThrownBy(
            () -> QnetdToolParser.parseStatus(TLS_STATUS.replaceFirst("TLS:[^\n]*\n", "")))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("TLS");
  }

  @Test
  void verboseList() throws ParseException {
    assertThat(QnetdToolParser.parseClusters(Fixtures.out("qnetd-tool-lv-2n-healthy")).clusters())
        .containsExactly(new Cluster("lab", List.of(NODE1, NODE2)));
  }

  @Test
  void plainListGivesTheSame() throws ParseException {
    assertThat(QnetdToolParser.parseClusters(Fixtures.out("qnetd-tool-l-2n-healthy")))
        .isEqualTo(QnetdToolParser.parseClusters(Fixtures.out("qnetd-tool-lv-2n-healthy")));
  }

  @Test
  void isolatedNodeIsNotConnected() throws ParseException {
    assertThat(QnetdToolParser.parseClusters(Fixtures.out("qnetd-tool-lv-isolated")).clusters())
        .containsExactly(
            new Cluster(
                "lab",
                List.of(
                    new Client(
                        1,
                        "::ffff:192.0.2.11:58472",
                        List.of(1L),
                        Optional.of(Vote.NO_CHANGE),
                        Optional.of(Vote.ACK)))));
  }

  @Test
  void emptyQnetdHasNoClusters() throws ParseException {
    assertThat(QnetdToolParser.parseClusters("").clusters()).isEmpty();
    assertThat(QnetdToolParser.parseClusters("\n").clusters()).isEmpty();
  }

  @Test
  void nonEmptyOutputWithoutClusterFails() {
    assertThatThrownBy(
            () -> QnetdToolParser.parseClusters(Fixtures.out("qnetd-tool-sv-2n-healthy")))
        .isInstanceOf(ParseException.class);
  }

  @Test
  void everyVoteAndNoVote() throws ParseException {
    String out =
        """
        Cluster "a b":
            Algorithm:\t\tLMS
            Tie-breaker:\tNode with node ID 5
            Node ID 1:
                Client address:\t\t10.0.0.1:1
                Vote:\t\t\tNACK
            Node ID 2:
                Vote:\t\t\tAsk later
            Node ID 3:
                Vote:\t\t\tWait for reply (NACK)
            Node ID 4:
                Client address:\t\t10.0.0.4:1
            Node ID 5:
                Vote:\t\t\tMaybe
        Cluster "other":
            Node ID 9:
                Membership node list:\t9, x, 11
        """;
    List<Cluster> clusters = QnetdToolParser.parseClusters(out).clusters();
    assertThat(clusters).hasSize(2);
    Cluster a = clusters.get(0);
    assertThat(a.name()).isEqualTo("a b");
    assertThat(a.clients())
        .containsExactly(
            new Client(1, "10.0.0.1:1", List.of(), Optional.of(Vote.NACK), Optional.empty()),
            new Client(2, "", List.of(), Optional.of(Vote.ASK_LATER), Optional.empty()),
            new Client(3, "", List.of(), Optional.of(Vote.WAIT_FOR_REPLY), Optional.of(Vote.NACK)),
            new Client(4, "10.0.0.4:1", List.of(), Optional.empty(), Optional.empty()),
            new Client(5, "", List.of(), Optional.empty(), Optional.empty()));
    assertThat(clusters.get(1))
        .isEqualTo(
            new Cluster(
                "other",
                List.of(new Client(9, "", List.of(9L, 11L), Optional.empty(), Optional.empty()))));
  }
}
