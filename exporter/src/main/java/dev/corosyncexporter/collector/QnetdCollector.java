package dev.corosyncexporter.collector;

import com.google.auto.service.AutoService;
import dev.corosyncexporter.command.CommandResult;
import dev.corosyncexporter.parse.QnetdClusters;
import dev.corosyncexporter.parse.QnetdStatus;
import dev.corosyncexporter.parse.QnetdToolParser;
import java.util.Arrays;
import java.util.List;

/** A QNetd host: the daemon, its clients, and the vote it last sent each node of each cluster. */
public final class QnetdCollector implements Collector {
  public static final MetricDef QNETD_UP =
      MetricDef.gauge("corosync_qnetd_up", "1 when corosync-qnetd-tool reached the QNetd daemon.")
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

  /** Exists while the daemon runs (also one started with TLS off, which needs no nssdb). */
  static final String SOCKET = "/run/corosync-qnetd/corosync-qnetd.sock";

  /** The collector's name, help, flags, tools, parsers and metrics; see {@link CollectorSpec}. */
  static final CollectorSpec SPEC =
      CollectorSpec.builder("qnetd", CollectorSpec.Role.QNETD)
          .help("corosync-qnetd state, on a QNetd host")
          .presentOn(h -> h.exists(NSSDB) || h.exists(SOCKET))
          .tools(QNETD_TOOL)
          .parser("qnetd-status", QnetdToolParser::parseStatus, "qnetd-tool-s")
          .parser("qnetd-clusters", QnetdToolParser::parseClusters, "qnetd-tool-l")
          .metrics(QNETD_UP, QNETD_CLIENTS, QNETD_CLUSTERS, QNETD_NODE_VOTE)
          .build();

  static final List<String> VOTES =
      Arrays.stream(QnetdClusters.Vote.values()).map(QnetdClusters.Vote::label).toList();

  @Override
  public void collect(CollectorContext context, SampleSink sink) throws CollectionException {
    CommandResult status = context.run(context.path(QNETD_TOOL), "-s");
    if (!SocketAccess.daemonAnswered(status, "corosync-qnetd")) {
      sink.add(QNETD_UP, 0);
      return;
    }
    CommandResult list = context.run(context.path(QNETD_TOOL), "-lv");
    if (!list.exitedWith(0)) {
      throw CollectionException.of(list);
    }
    QnetdStatus s = ToolOutput.parse(status, QnetdToolParser::parseStatus);
    QnetdClusters clusters = ToolOutput.parse(list, QnetdToolParser::parseClusters);
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

  /** Registers the collector by its name (see {@link CollectorDefinition}). */
  @AutoService(CollectorDefinition.class)
  public static final class Definition extends CollectorDefinition.Base {
    public Definition() {
      super(SPEC, settings -> new QnetdCollector());
    }
  }
}
