package dev.corosyncexporter.parse;

import dev.corosyncexporter.parse.LineParser.Field;
import dev.corosyncexporter.parse.LineParser.Fields;
import dev.corosyncexporter.parse.QnetdClusters.Client;
import dev.corosyncexporter.parse.QnetdClusters.Cluster;
import dev.corosyncexporter.parse.QnetdClusters.Vote;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code corosync-qnetd-tool -s[v]} and {@code -l[v]}. In the list, the cluster-level lines
 * (Algorithm, Tie-breaker) are skipped; a Vote line this parser does not recognize leaves the vote
 * empty; membership entries that are not numbers are dropped.
 */
public final class QnetdToolParser {

  private static final String TOOL = "corosync-qnetd-tool";

  private static final Pattern CLUSTER = Pattern.compile("^Cluster \"(.*)\":$");
  private static final Pattern CLIENT = Pattern.compile("^\\s+Node ID (\\d{1,10}):$");
  private static final Pattern VOTE =
      Pattern.compile("^(ACK|NACK|Ask later|Wait for reply|No change)(?: \\((ACK|NACK)\\))?$");
  private static final Pattern NUMBER = Pattern.compile("^\\d{1,10}$");

  private QnetdToolParser() {}

  public static QnetdStatus parseStatus(String stdout) throws ParseException {
    return LineParser.guard(TOOL, () -> status(LineParser.lines(TOOL, stdout)));
  }

  private static QnetdStatus status(List<String> lines) throws ParseException {
    Fields fields = Fields.of(TOOL, lines, line -> true);
    // Not exported, but required: without them this is not the -s output this parser knows.
    fields.require("QNetd address");
    fields.require("TLS");
    return new QnetdStatus(
        count(fields.require("Connected clients")), count(fields.require("Connected clusters")));
  }

  /** Blank output is a QNetd without clients; non-blank output needs at least one Cluster line. */
  public static QnetdClusters parseClusters(String stdout) throws ParseException {
    return LineParser.guard(TOOL, () -> clusters(LineParser.lines(TOOL, stdout)));
  }

  /** Mutable while its lines are read. */
  private static final class ClusterBuilder {
    final String name;
    final List<ClientBuilder> clients = new ArrayList<>();

    ClusterBuilder(String name) {
      this.name = name;
    }

    Cluster build() {
      List<Client> built = new ArrayList<>();
      for (ClientBuilder c : clients) {
        built.add(new Client(c.nodeId, c.address, c.membership, c.vote, c.lastVote));
      }
      return new Cluster(name, built);
    }
  }

  private static final class ClientBuilder {
    final long nodeId;
    String address = "";
    List<Long> membership = List.of();
    Optional<Vote> vote = Optional.empty();
    Optional<Vote> lastVote = Optional.empty();

    ClientBuilder(long nodeId) {
      this.nodeId = nodeId;
    }
  }

  private static QnetdClusters clusters(List<String> lines) throws ParseException {
    List<ClusterBuilder> clusters = new ArrayList<>();
    ClusterBuilder cluster = null;
    ClientBuilder client = null;
    for (String line : lines) {
      Matcher clusterLine = CLUSTER.matcher(line);
      if (clusterLine.matches()) {
        cluster = new ClusterBuilder(clusterLine.group(1));
        clusters.add(cluster);
        client = null;
        continue;
      }
      if (cluster == null) {
        continue; // nothing before the first Cluster line belongs to a cluster
      }
      Matcher clientLine = CLIENT.matcher(line);
      if (clientLine.matches()) {
        client = new ClientBuilder(Long.parseLong(clientLine.group(1)));
        cluster.clients.add(client);
      } else {
        String[] kv = LineParser.label(line);
        if (kv != null && client != null) {
          clientField(client, kv[0], kv[1]);
        }
      }
    }
    if (clusters.isEmpty() && !LineParser.isBlank(lines)) {
      throw new ParseException(TOOL, "no 'Cluster \"name\":' line in non-empty output");
    }
    List<Cluster> built = new ArrayList<>();
    for (ClusterBuilder c : clusters) {
      built.add(c.build());
    }
    return new QnetdClusters(built);
  }

  private static void clientField(ClientBuilder client, String label, String value) {
    switch (label) {
      case "Client address" -> client.address = value;
      case "Membership node list" -> client.membership = nodeList(value);
      case "Vote" -> {
        Matcher m = VOTE.matcher(value);
        if (m.matches()) {
          client.vote = vote(m.group(1));
          client.lastVote = m.group(2) == null ? Optional.empty() : vote(m.group(2));
        }
      }
      default -> {}
    }
  }

  private static List<Long> nodeList(String value) {
    List<Long> ids = new ArrayList<>();
    // -1 keeps trailing empty parts; like any part that is not a number, they are dropped below.
    for (String part : value.split(",", -1)) {
      String p = part.strip();
      if (NUMBER.matcher(p).matches()) {
        ids.add(Long.parseLong(p));
      }
    }
    return ids;
  }

  /** The Vote: line's words as corosync-qnetd-tool prints them. */
  private static final Map<String, Vote> VOTES =
      Map.of(
          "ACK", Vote.ACK,
          "NACK", Vote.NACK,
          "Ask later", Vote.ASK_LATER,
          "Wait for reply", Vote.WAIT_FOR_REPLY,
          "No change", Vote.NO_CHANGE);

  private static Optional<Vote> vote(String text) {
    return Optional.ofNullable(VOTES.get(text));
  }

  private static int count(Field f) throws ParseException {
    return LineParser.integer(TOOL, f.lineNo(), f.line(), f.value());
  }
}
