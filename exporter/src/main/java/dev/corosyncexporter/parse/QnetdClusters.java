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

  public enum Vote {
    ACK("ACK"),
    NACK("NACK"),
    ASK_LATER("Ask later"),
    WAIT_FOR_REPLY("Wait for reply"),
    NO_CHANGE("No change");

    private final String text;

    Vote(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }

    /** As used in the {@code vote} label of corosync_qnetd_node_vote: the name in lower case. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
