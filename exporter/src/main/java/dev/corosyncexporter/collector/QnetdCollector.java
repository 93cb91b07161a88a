package dev.corosyncexporter.collector;

import com.google.auto.service.AutoService;
import dev.corosyncexporter.command.CommandResult;
import dev.corosyncexporter.parse.QnetdClusters;
import dev.corosyncexporter.parse.QnetdStatus;
import dev.corosyncexporter.parse.QnetdToolParser;
import dev.corosyncexporter.socket.DaemonReply;
import dev.corosyncexporter.socket.DaemonRequest;
import dev.corosyncexporter.socket.DaemonSocket;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A QNetd host: the daemon, its clients, and the vote it last sent each node of each cluster. Asked
 * over the daemon's unix socket in local mode (no process per scrape), with corosync-qnetd-tool in
 * central mode; both give the same text to the same parsers.
 */
public final class QnetdCollector implements Collector {
  public static final MetricDef QNETD_UP =
      MetricDef.gauge(
              "corosync_qnetd_up",
              "1 when the corosync-qnetd daemon answered; 0 when it is not running.")
          .hostScoped();
  public static final MetricDef QNETD_CLIENTS =
      MetricDef.gauge("corosync_qnetd_clients", "Clients (qdevices) connected to QNetd.")
          .hostScoped();
  public static final MetricDef QNETD_CLUSTERS =
      MetricDef.gauge("corosync_qnetd_clusters", "Clusters QNetd serves.").hostScoped();
  public static final MetricDef QNETD_NODE_VOTE =
      MetricDef.gauge(
          "corosync_qnetd_node_vote",
          "Last vote QNetd sent to each connected node.",
          "member_id",
          "vote");

  public static final Tool QNETD_TOOL =
      new Tool("corosync-qnetd-tool", "/usr/bin/corosync-qnetd-tool");

  /**
   * Made by the package's postinst (corosync-qnetd-certutil); the daemon will not start without it.
   */
  static final String NSSDB = "/etc/corosync/qnetd/nssdb";

  /**
   * Exists while the daemon runs (also one started with TLS off, which needs no nssdb); where it
   * listens (its compiled-in default, /var/run being /run).
   */
  static final String SOCKET = "/run/corosync-qnetd/corosync-qnetd.sock";

  static final CollectorOption<Source> SOURCE =
      new CollectorOption<>(
          "source",
          Source.SOCKET,
          Source.TOOL,
          "socket (ask corosync-qnetd over its unix socket, "
              + SOCKET
              + ", as its tool does;"
              + " local mode only) or tool (corosync-qnetd-tool -s and -lv)");

  /** The collector's name, help, flags, tools, parsers and metrics; see {@link CollectorSpec}. */
  static final CollectorSpec SPEC =
      CollectorSpec.builder("qnetd", CollectorSpec.Role.QNETD)
          .help("corosync-qnetd state, on a QNetd host")
          .presentOn(h -> h.exists(NSSDB) || h.exists(SOCKET))
          .tools(QNETD_TOOL)
          .option(SOURCE)
          .parser("qnetd-status", QnetdToolParser::parseStatus, "qnetd-tool-s")
          .parser("qnetd-clusters", QnetdToolParser::parseClusters, "qnetd-tool-l")
          .metrics(QNETD_UP, QNETD_CLIENTS, QNETD_CLUSTERS, QNETD_NODE_VOTE)
          .build();

  static final List<String> VOTES =
      Arrays.stream(QnetdClusters.Vote.values()).map(QnetdClusters.Vote::label).toList();

  /** The --collector.qnetd.source choices. */
  enum Source {
    SOCKET,
    TOOL
  }

  /** What the daemon answered: its status and its clusters. */
  private record Answer(QnetdStatus status, QnetdClusters clusters) {}

  private final Source source;
  private final DaemonSocket socket;

  QnetdCollector(Source source, DaemonSocket socket) {
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
    Optional<Answer> answer = source == Source.SOCKET ? askSocket(context) : runTool(context);
    if (answer.isEmpty()) {
      sink.add(QNETD_UP, 0);
      return;
    }
    QnetdStatus s = answer.get().status();
    QnetdClusters clusters = answer.get().clusters();
    sink.add(QNETD_UP, 1);
    sink.add(QNETD_CLIENTS, s.connectedClients());
    sink.add(QNETD_CLUSTERS, s.connectedClusters());
    for (QnetdClusters.Cluster cluster : clusters.clusters()) {
      for (QnetdClusters.Client client : cluster.clients()) {
        // Before its first vote a node has no Vote line; it is connected, so it still gets a
        // series.
        String vote = client.vote().map(QnetdClusters.Vote::label).orElse("");
        for (String v : VOTES) {
          sink.addForCluster(
              cluster.name(),
              QNETD_NODE_VOTE,
              v.equals(vote) ? 1 : 0,
              Long.toString(client.nodeId()),
              v);
        }
      }
    }
  }

  /** Status, then the clusters; empty when the daemon is not running. */
  private Optional<Answer> askSocket(CollectorContext context) throws CollectionException {
    DaemonReply status = socket.ask(DaemonRequest.QNETD_STATUS, context.callWait());
    if (!SocketAccess.daemonAnswered(status)) {
      return Optional.empty();
    }
    DaemonReply list = socket.ask(DaemonRequest.QNETD_LIST_VERBOSE, context.callWait());
    if (!list.ok()) {
      // Running a moment ago: gone now, or refusing, is a failure, as a failed second tool run is.
      throw new CollectionException(list.describe());
    }
    return Optional.of(
        new Answer(
            ToolOutput.parse(status, QnetdToolParser::parseStatus),
            ToolOutput.parse(list, QnetdToolParser::parseClusters)));
  }

  private static Optional<Answer> runTool(CollectorContext context) throws CollectionException {
    CommandResult status = context.run(context.path(QNETD_TOOL), "-s");
    if (!SocketAccess.daemonAnswered(status, "corosync-qnetd")) {
      return Optional.empty();
    }
    CommandResult list = context.run(context.path(QNETD_TOOL), "-lv");
    if (!list.exitedWith(0)) {
      throw CollectionException.of(list);
    }
    return Optional.of(
        new Answer(
            ToolOutput.parse(status, QnetdToolParser::parseStatus),
            ToolOutput.parse(list, QnetdToolParser::parseClusters)));
  }

  /** Registers the collector by its name (see {@link CollectorDefinition}). */
  @AutoService(CollectorDefinition.class)
  public static final class Definition extends CollectorDefinition.Base {
    public Definition() {
      super(
          SPEC,
          settings -> new QnetdCollector(settings.get(SOURCE), new DaemonSocket(Path.of(SOCKET))));
    }
  }
}
