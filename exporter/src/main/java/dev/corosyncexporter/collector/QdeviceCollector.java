package dev.corosyncexporter.collector;

import com.google.auto.service.AutoService;
import dev.corosyncexporter.command.CommandResult;
import dev.corosyncexporter.parse.QdeviceStatus;
import dev.corosyncexporter.parse.QdeviceToolParser;
import dev.corosyncexporter.socket.DaemonReply;
import dev.corosyncexporter.socket.DaemonRequest;
import dev.corosyncexporter.socket.DaemonSocket;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The local corosync-qdevice daemon: is it running, and is it connected to QNetd. Asked over its
 * unix socket in local mode (no process per scrape), with corosync-qdevice-tool -sv in central
 * mode; both give the same text to the same parser.
 */
public final class QdeviceCollector implements Collector {
  public static final MetricDef QDEVICE_UP =
      MetricDef.gauge(
          "corosync_qdevice_up",
          "1 when the local corosync-qdevice daemon answered; 0 when it is not running.");
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

  /** Where the daemon listens (its compiled-in default, /var/run being /run). */
  static final String SOCKET = "/run/corosync-qdevice/corosync-qdevice.sock";

  static final CollectorOption<Source> SOURCE =
      new CollectorOption<>(
          "source",
          Source.SOCKET,
          Source.TOOL,
          "socket (ask corosync-qdevice over its unix socket, "
              + SOCKET
              + ", as its tool does;"
              + " local mode only) or tool (corosync-qdevice-tool -sv)");

  /** The collector's name, help, flags, tools, parsers and metrics; see {@link CollectorSpec}. */
  static final CollectorSpec SPEC =
      CollectorSpec.builder("qdevice", CollectorSpec.Role.NODE)
          .help("corosync-qdevice state")
          // On every cluster node: without quorum.device in the configuration it runs nothing and
          // exports nothing, and with it a missing tool is a failure worth reporting.
          .presentOn(HostFacts::corosyncNode)
          .needsConfig()
          .tools(QDEVICE_TOOL)
          .option(SOURCE)
          .parser("qdevice", QdeviceToolParser::parse, "qdevice-tool-")
          .metrics(QDEVICE_UP, QDEVICE_STATE, QDEVICE_INFO)
          .build();

  static final List<String> STATES =
      Arrays.stream(QdeviceStatus.State.values()).map(QdeviceStatus.State::label).toList();

  /** The --collector.qdevice.source choices. */
  enum Source {
    SOCKET,
    TOOL
  }

  private final Source source;
  private final DaemonSocket socket;

  QdeviceCollector(Source source, DaemonSocket socket) {
    this.source = source;
    this.socket = socket;
  }

  @Override
  public boolean localOnly() {
    return source == Source.SOCKET;
  }

  @Override
  public Optional<String> source() {
    return Optional.of(CollectorOption.choice(source));
  }

  @Override
  public void collect(CollectorContext context, SampleSink sink) throws CollectionException {
    if (!context.config().qdeviceConfigured()) {
      return; // nothing to watch: no series rather than a zero that would read as "down"
    }
    Optional<QdeviceStatus> answer =
        source == Source.SOCKET ? askSocket(context) : runTool(context);
    if (answer.isEmpty()) {
      sink.add(QDEVICE_UP, 0);
      return;
    }
    QdeviceStatus status = answer.get();
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

  /** The daemon's status, or empty when it is not running. */
  private Optional<QdeviceStatus> askSocket(CollectorContext context) throws CollectionException {
    DaemonReply reply = socket.ask(DaemonRequest.QDEVICE_STATUS_VERBOSE, context.callWait());
    if (!SocketAccess.daemonAnswered(reply)) {
      return Optional.empty();
    }
    return Optional.of(ToolOutput.parse(reply, QdeviceToolParser::parse));
  }

  private static Optional<QdeviceStatus> runTool(CollectorContext context)
      throws CollectionException {
    CommandResult result = context.run(context.path(QDEVICE_TOOL), "-sv");
    if (!SocketAccess.daemonAnswered(result, "corosync-qdevice")) {
      return Optional.empty();
    }
    return Optional.of(ToolOutput.parse(result, QdeviceToolParser::parse));
  }

  /** Registers the collector by its name (see {@link CollectorDefinition}). */
  @AutoService(CollectorDefinition.class)
  public static final class Definition extends CollectorDefinition.Base {
    public Definition() {
      super(
          SPEC,
          settings ->
              new QdeviceCollector(settings.get(SOURCE), new DaemonSocket(Path.of(SOCKET))));
    }
  }
}
