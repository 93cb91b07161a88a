package dev.corosyncexporter.scrape;

import dev.corosyncexporter.collector.QuorumView;
import dev.corosyncexporter.collector.Sample;
import java.util.List;
import java.util.Optional;

/**
 * Everything one scrape learned about one node.
 *
 * @param quorumView the node's view of the membership, when its quorum collector answered
 */
public record NodeScrape(
    Identity identity,
    List<Sample> samples,
    List<CollectorOutcome> outcomes,
    Optional<QuorumView> quorumView) {
  public NodeScrape {
    samples = List.copyOf(samples);
    outcomes = List.copyOf(outcomes);
  }
}
