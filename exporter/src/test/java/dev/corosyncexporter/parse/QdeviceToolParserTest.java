package dev.corosyncexporter.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corosyncexporter.parse.QdeviceStatus.State;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QdeviceToolParserTest {

  private static QdeviceStatus recorded(String name) throws ParseException {
    return QdeviceToolParser.parse(Fixtures.out(name));
  }

  private static QdeviceStatus net(long nodeId, State state, boolean castVote) {
    return new QdeviceStatus(
        "Net",
        nodeId,
        Optional.of(state),
        "Fifty-Fifty split",
        "Node with lowest node ID",
        "192.0.2.100:5403",
        castVote,
        "lab");
  }

  @Test
  void connectedAndVoting() throws ParseException {
    assertThat(recorded("qdevice-tool-sv-connected")).isEqualTo(net(1, State.CONNECTED, true));
  }

  @Test
  void connectFailedDoesNotVote() throws ParseException {
    assertThat(recorded("qdevice-tool-sv-connect-failed"))
        .isEqualTo(net(1, State.CONNECT_FAILED, false));
  }

  @Test
  void isolatedNodeKeepsConnecting() throws ParseException {
    assertThat(recorded("qdevice-tool-sv-isolated-node"))
        .isEqualTo(net(2, State.CONNECTING, false));
  }

  @Test
  void withoutVerboseCastVoteIsUnknownAndFalse() throws ParseException {
    assertThat(recorded("qdevice-tool-s-connected")).isEqualTo(net(1, State.CONNECTED, false));
  }

  @Test
  void notRunningPrintsNothing() {
    assertThatThrownBy(() -> recorded("qdevice-tool-sv-not-running"))
        .isInstanceOfSatisfying(
            ParseException.class, e -> assertThat(e.tool()).isEqualTo("corosync-qdevice-tool"))
        .hasMessageContaining("Model");
  }

  @Test
  void lastPollCallDecidesWhenThePollTimerLineIsAbsent() throws ParseException {
    String out =
        Fixtures.out("qdevice-tool-sv-connected")
            .replace("Poll timer running:\tYes (cast vote)\n", "");
    assertThat(QdeviceToolParser.parse(out).castVote()).isTrue();
    String noCast =
        Fixtures.out("qdevice-tool-sv-connected")
            .replace("Poll timer running:\tYes (cast vote)\n", "Poll timer running:\tNo\n");
    assertThat(QdeviceToolParser.parse(noCast).castVote()).as("the poll timer line wins").isFalse();
  }

  @Test
  void otherModelsHaveNoNetState() throws ParseException {
    String out =
        "Qdevice information\n-------------------\nModel:\t\t\tTest\nNode ID:\t\t3\nLast poll call:\t\t2026-01-01T00:00:00 (cast vote)\n";
    assertThat(QdeviceToolParser.parse(out))
        .isEqualTo(new QdeviceStatus("Test", 3, Optional.empty(), "", "", "", true, ""));
  }

  @Test
  void unknownStateFails() {
    String out =
        Fixtures.out("qdevice-tool-sv-connected")
            .replace("State:\t\t\tConnected", "State:\t\t\tDreaming");
    assertThatThrownBy(() -> QdeviceToolParser.parse(out))
        .isInstanceOfSatisfying(
            ParseException.class, e -> assertThat(e.line()).isEqualTo("State:\t\t\tDreaming"));
  }

  @Test
  void truncatedNetSectionFails() {
    String out = Fixtures.out("qdevice-tool-s-connected");
    String truncated = out.substring(0, out.indexOf("State:"));
    assertThatThrownBy(() -> QdeviceToolParser.parse(truncated))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining("'State:'");
  }
}
