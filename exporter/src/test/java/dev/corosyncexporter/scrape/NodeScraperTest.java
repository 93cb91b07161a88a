package dev.corosyncexporter.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corosyncexporter.collector.Collector;
import dev.corosyncexporter.collector.CollectorSelection;
import dev.corosyncexporter.collector.CollectorSpec;
import dev.corosyncexporter.collector.MetricDef;
import dev.corosyncexporter.collector.ReplayCommandRunner;
import dev.corosyncexporter.collector.Sample;
import dev.corosyncexporter.collector.SampleSink;
import dev.corosyncexporter.collector.TestCollectors;
import dev.corosyncexporter.concurrent.Deadline;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What one node's scrape does with collectors that fail, hang, flood or exhaust memory. */
class NodeScraperTest {
  private static CollectorSelection.Enabled fake(String name, Collector collector) {
    return new CollectorSelection.Enabled(
        CollectorSpec.builder(name, CollectorSpec.Role.NODE).build(), collector);
  }

  private static NodeScraper scraper(
      List<CollectorSelection.Enabled> collectors, List<String> disabled) {
    return TestCollectors.scraper(
        ReplayCommandRunner.healthyTwoNodesQdevice(), collectors, disabled);
  }

  private static CollectorOutcome outcome(NodeScrape s, String collector) {
    return TestCollectors.outcome(s, collector);
  }

  private static List<Sample> samples(NodeScrape s, MetricDef metric) {
    return s.samples().stream().filter(x -> x.metric() == metric).toList();
  }

  @Test
  void anErrorInACollectorCostsThatCollectorOnly() {
    NodeScrape s =
        scraper(
                List.of(
                    fake(
                        "oom",
                        (c, sink) -> {
                          throw new OutOfMemoryError("Java heap space");
                        }),
                    fake("bug", (c, sink) -> List.of().get(1)),
                    TestCollectors.named("quorum")),
                List.of())
            .scrape(Deadline.in(Duration.ofSeconds(5)));

    assertThat(outcome(s, "oom").success()).isFalse();
    assertThat(outcome(s, "oom").error()).contains("OutOfMemoryError");
    assertThat(outcome(s, "bug").error()).contains("IndexOutOfBoundsException");
    assertThat(outcome(s, "quorum").success()).isTrue();
  }

  @Test
  void aCollectorStillRunningAtTheDeadlineIsReportedFailedAndTheScrapeAnswersInTime() {
    NodeScraper scraper =
        scraper(
            List.of(
                fake(
                    "slow",
                    (c, sink) -> {
                      try {
                        Thread.sleep(30_000);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    }),
                TestCollectors.named("config")),
            List.of());
    long start = System.nanoTime();
    NodeScrape s = scraper.scrape(Deadline.in(Duration.ofMillis(700)));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    // Bounded by the deadline, not by the collector: 30 s would be a hang.
    assertThat(took).isLessThan(Duration.ofSeconds(3));
    assertThat(outcome(s, "slow").error()).isEqualTo("did not finish by the scrape deadline");
    assertThat(outcome(s, "config").success()).isTrue();
  }

  @Test
  void aCollectorPastTheSeriesCeilingFails() {
    NodeScrape s =
        scraper(
                List.of(
                    fake(
                        "flood",
                        (c, sink) -> {
                          for (int i = 0; i <= SampleSink.MAX_SERIES; i++) {
                            sink.add(Metrics.CONFIG_WATCH_RUNNING, i);
                          }
                        })),
                List.of())
            .scrape(Deadline.in(Duration.ofSeconds(5)));

    assertThat(outcome(s, "flood").error())
        .contains("more than " + SampleSink.MAX_SERIES + " series");
    assertThat(samples(s, Metrics.CONFIG_WATCH_RUNNING)).isEmpty();
  }

  @Test
  void enabledCollectorsAndToolRunsAreReported() {
    NodeScraper scraper = scraper(List.of(TestCollectors.named("quorum")), List.of("qnetd"));
    scraper.scrape(Deadline.in(Duration.ofSeconds(5)));
    NodeScrape s = scraper.scrape(Deadline.in(Duration.ofSeconds(5)));

    assertThat(samples(s, Metrics.COLLECTOR_ENABLED))
        .extracting(x -> x.labelValues().get(0) + "=" + x.value())
        .containsExactlyInAnyOrder("quorum=1.0", "qnetd=0.0");
    // Two scrapes: the quorum tool and the configuration query ran twice each, to their end.
    assertThat(samples(s, Metrics.TOOL_RUNS))
        .extracting(x -> String.join(",", x.labelValues()) + "=" + x.value())
        .containsExactlyInAnyOrder("corosync-quorumtool,exited=2.0", "corosync-cmapctl,exited=2.0");
  }
}
