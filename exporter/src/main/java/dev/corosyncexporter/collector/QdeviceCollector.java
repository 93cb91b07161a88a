package dev.corosyncexporter.collector;

import dev.corosyncexporter.command.CommandResult;
import dev.corosyncexporter.parse.ParseException;
import dev.corosyncexporter.parse.QdeviceStatus;
import dev.corosyncexporter.parse.QdeviceToolParser;
import java.util.Arrays;
import java.util.List;

/** The local corosync-qdevice daemon: is it running, and is it connected to QNetd. */
public final class QdeviceCollector implements Collector {

  /** corosync-qdevice-tool's exit code when it cannot reach the daemon's socket. */
  static final int EXIT_CANNOT_CONNECT = 3;

  static final List<String> STATES =
      Arrays.stream(QdeviceStatus.State.values()).map(QdeviceStatus.State::label).toList();

  @Override
  public String name() {
    return "qdevice";
  }

  @Override
  public void collect(CollectorContext context, SampleSink sink) throws CollectionException {
    if (!context.config().qdeviceConfigured()) {
      return; // nothing to watch: no series rather than a zero that would read as "down"
    }
    CommandResult result = context.run(context.tools().qdeviceTool(), "-sv");
    if (result.exitedWith(EXIT_CANNOT_CONNECT)) {
      sink.add(Metrics.QDEVICE_UP, 0);
      return;
    }
    if (!result.exitedWith(0)) {
      throw CollectionException.of(result);
    }
    QdeviceStatus status;
    try {
      status = QdeviceToolParser.parse(result.stdout());
    } catch (ParseException e) {
      throw CollectionException.of(result, e);
    }
    sink.add(Metrics.QDEVICE_UP, 1);
    status.state().ifPresent(s -> sink.stateSet(Metrics.QDEVICE_STATE, s.label(), STATES));
    sink.add(Metrics.QDEVICE_INFO, 1, status.model(), status.algorithm(), status.tieBreaker(), status.qnetdHost());
  }
}
