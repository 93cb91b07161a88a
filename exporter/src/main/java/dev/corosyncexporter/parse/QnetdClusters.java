package dev.corosyncexporter.parse;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code corosync-qnetd-tool -lv}: every cluster QNetd serves, with its connected nodes. */
public record QnetdClusters(List<Cluster> clusters) {

  public QnetdClusters {
    clusters = List.copyOf(clusters);
  }

  public record Cluster(String name, List<Client> clients) {
    public Cluster {
      clients = List.copyOf(clients);
    }
  }

  /**
   * One node of a cluster connected to QNetd, with the vote QNetd gave it.
   *
   * @param vote the {@code Vote:} line; empty when no vote was sent yet
   * @param lastVote the ACK/NACK in parentheses after the vote, if printed
   */
  public record Client(
      long nodeId,
      String address,
      List<Long> membership,
      Optional<Vote> vote,
      Optional<Vote> lastVote) {
    public Client {
      membership = List.copyOf(membership);
    }
  }

  /** The Vote: line's values; {@link QnetdToolParser} knows how the tool prints each. */
  public enum Vote {
    ACK,
    NACK,
    ASK_LATER,
    WAIT_FOR_REPLY,
    NO_CHANGE;

    /** As used in the {@code vote} label of corosync_qnetd_node_vote: the name in lower case. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
