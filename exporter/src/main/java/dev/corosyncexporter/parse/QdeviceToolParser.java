package dev.corosyncexporter.parse;

import dev.corosyncexporter.parse.LineParser.Field;
import dev.corosyncexporter.parse.LineParser.Fields;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code corosync-qdevice-tool -s} / {@code -sv}. castVote needs {@code -v}: without it neither the
 * "Poll timer running" nor the "Last poll call" line is printed and castVote is false. For models
 * other than Net the Qdevice-net fields are "" and state is empty. The first occurrence of a label
 * wins.
 */
public final class QdeviceToolParser {

  private static final String TOOL = "corosync-qdevice-tool";
  private static final String CAST_VOTE = "(cast vote)";

  /** The State: line's values as the tool prints them. */
  private static final Map<String, QdeviceStatus.State> STATES =
      Map.of(
          "Connected", QdeviceStatus.State.CONNECTED,
          "Connecting", QdeviceStatus.State.CONNECTING,
          "Connect failed", QdeviceStatus.State.CONNECT_FAILED,
          "Disconnected", QdeviceStatus.State.DISCONNECTED);

  private QdeviceToolParser() {}

  public static QdeviceStatus parse(String stdout) throws ParseException {
    return LineParser.guard(TOOL, () -> build(LineParser.lines(TOOL, stdout)));
  }

  /** Indented lines are node list entries (" 0\tNode ID = 1, State = member"), not labels. */
  private static boolean isLabelLine(String line) {
    return !line.isEmpty() && !Character.isWhitespace(line.charAt(0));
  }

  private static QdeviceStatus build(List<String> lines) throws ParseException {
    Fields fields = Fields.of(TOOL, lines, QdeviceToolParser::isLabelLine);
    String model = fields.require("Model").value();
    Field nodeIdField = fields.require("Node ID");
    long nodeId =
        LineParser.nodeId(TOOL, nodeIdField.lineNo(), nodeIdField.line(), nodeIdField.value());
    Field poll = fields.get("Poll timer running");
    Field lastPoll = fields.get("Last poll call");
    boolean castVote =
        poll != null
            ? poll.value().contains(CAST_VOTE)
            : lastPoll != null && lastPoll.value().contains(CAST_VOTE);
    if (!model.equalsIgnoreCase("Net")) {
      return new QdeviceStatus(model, nodeId, Optional.empty(), "", "", "", castVote, "");
    }
    Field stateField = fields.require("State");
    QdeviceStatus.State state = STATES.get(stateField.value());
    if (state == null) {
      throw new ParseException(TOOL, stateField.lineNo(), stateField.line(), "unknown State");
    }
    return new QdeviceStatus(
        model,
        nodeId,
        Optional.of(state),
        fields.require("Algorithm").value(),
        fields.require("Tie-breaker").value(),
        fields.require("QNetd host").value(),
        castVote,
        fields.require("Cluster name").value());
  }
}
