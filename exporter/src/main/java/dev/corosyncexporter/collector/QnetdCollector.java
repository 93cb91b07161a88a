package dev.corosyncexporter.collector;

import dev.corosyncexporter.command.CommandResult;
import dev.corosyncexporter.parse.ParseException;
import dev.corosyncexporter.parse.QnetdClusters;
import dev.corosyncexporter.parse.QnetdStatus;
import dev.corosyncexporter.parse.QnetdToolParser;
import java.util.Arrays;
import java.util.List;

/** A QNetd host: the daemon, its clients, and the vote it last sent each node of each cluster. */
public final class QnetdCollector implements Collector {

  static final int EXIT_CANNOT_CONNECT = 3;

  static final List<String> VOTES =
      Arrays.stream(QnetdClusters.Vote.values()).map(QnetdClusters.Vote::label).toList();

  @Override
  public String name() {
    return "qnetd";
  }

  @Override
  public void collect(CollectorContext context, SampleSink sink) throws CollectionException {
    CommandResult status = context.run(context.tools().qnetdTool(), "-s");
    if (status.exitedWith(EXIT_CANNOT_CONNECT)) {
      sink.add(Metrics.QNETD_UP, 0);
      return;
    }
    if (!status.exitedWith(0)) {
      throw CollectionException.of(status);
    }
    CommandResult list = context.run(context.tools().qnetdTool(), "-lv");
    if (!list.exitedWith(0)) {
      throw CollectionException.of(list);
    }
    QnetdStatus s;
    QnetdClusters clusters;
    try {
      s = QnetdToolParser.parseStatus(status.stdout());
    } catch (ParseException e) {
      throw CollectionException.of(status, e);
    }
    try {
      clusters = QnetdToolParser.parseClusters(list.stdout());
    } catch (ParseException e) {
      throw CollectionException.of(list, e);
    }
    sink.add(Metrics.QNETD_UP, 1);
    sink.add(Metrics.QNETD_CLIENTS, s.connectedClients());
    sink.add(Metrics.QNETD_CLUSTERS, s.connectedClusters());
    for (QnetdClusters.Cluster cluster : clusters.clusters()) {
      for (QnetdClusters.Client client : cluster.clients()) {
        // Before its first vote a node has no Vote line; it is connected, so it still gets a series.
        String vote = client.vote().map(QnetdClusters.Vote::label).orElse("");
        for (String v : VOTES) {
          sink.addForCluster(
              cluster.name(), Metrics.QNETD_NODE_VOTE, v.equals(vote) ? 1 : 0, Long.toString(client.nodeId()), v);
        }
      }
    }
  }
}
