package dev.corosyncexporter.collector;

import com.google.auto.service.AutoService;
import dev.corosyncexporter.command.CommandResult;
import dev.corosyncexporter.parse.QdeviceStatus;
import dev.corosyncexporter.parse.QdeviceToolParser;
import java.util.Arrays;
import java.util.List;

/** The local corosync-qdevice daemon: is it running, and is it connected to QNetd. */
public final class QdeviceCollector implements Collector {
  public static final MetricDef QDEVICE_UP =
      MetricDef.gauge(
          "corosync_qdevice_up", "1 when corosync-qdevice-tool reached the local qdevice daemon.");
  public static final MetricDef QDEVICE_STATE =
      MetricDef.gauge(
          "corosync_qdevice_state", "State of the qdevice's connection to QNetd.", "state");
  public static final MetricDef QDEVICE_INFO =
      MetricDef.info(
          "corosync_qdevice_info",
          "QDevice model, algorithm, tie-breaker and QNetd host.",
          "model",
          "algorithm",
          "tie_breaker",
          "qnetd_host");

  public static final Tool QDEVICE_TOOL =
      new Tool("corosync-qdevice-tool", "/usr/sbin/corosync-qdevice-tool");

  /** The collector's name, help, flags, tools, parsers and metrics; see {@link CollectorSpec}. */
  static final CollectorSpec SPEC =
      CollectorSpec.builder("qdevice", CollectorSpec.Role.NODE)
          .help("corosync-qdevice state")
          // On every cluster node: without quorum.device in the configuration it runs nothing and
          // exports nothing, and with it a missing tool is a failure worth reporting.
          .presentOn(HostFacts::corosyncNode)
          .needsConfig()
          .tools(QDEVICE_TOOL)
          .parser("qdevice", QdeviceToolParser::parse, "qdevice-tool-")
          .metrics(QDEVICE_UP, QDEVICE_STATE, QDEVICE_INFO)
          .build();

  static final List<String> STATES =
      Arrays.stream(QdeviceStatus.State.values()).map(QdeviceStatus.State::label).toList();

  @Override
  public void collect(CollectorContext context, SampleSink sink) throws CollectionException {
    if (!context.config().qdeviceConfigured()) {
      return; // nothing to watch: no series rather than a zero that would read as "down"
    }
    CommandResult result = context.run(context.path(QDEVICE_TOOL), "-sv");
    if (!SocketAccess.daemonAnswered(result, "corosync-qdevice")) {
      sink.add(QDEVICE_UP, 0);
      return;
    }
    QdeviceStatus status = ToolOutput.parse(result, QdeviceToolParser::parse);
    sink.add(QDEVICE_UP, 1);
    status.state().ifPresent(s -> sink.stateSet(QDEVICE_STATE, s.label(), STATES));
    sink.add(
        QDEVICE_INFO,
        1,
        status.model(),
        status.algorithm(),
        status.tieBreaker(),
        status.qnetdHost());
  }

  /** Registers the collector by its name (see {@link CollectorDefinition}). */
  @AutoService(CollectorDefinition.class)
  public static final class Definition extends CollectorDefinition.Base {
    public Definition() {
      super(SPEC, settings -> new QdeviceCollector());
    }
  }
}
