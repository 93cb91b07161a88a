package dev.corosyncexporter.collector;

import java.util.List;

/** Everything one scrape learned about one node. */
public record NodeScrape(Identity identity, List<Sample> samples, List<CollectorOutcome> outcomes) {
  public NodeScrape {
    samples = List.copyOf(samples);
    outcomes = List.copyOf(outcomes);
  }
}
