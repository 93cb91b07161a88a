package dev.corosyncexporter.collector;

import dev.corosyncexporter.command.CommandRunner;
import dev.corosyncexporter.concurrent.DaemonThreads;
import dev.corosyncexporter.concurrent.Deadline;
import dev.corosyncexporter.scrape.CollectorOutcome;
import dev.corosyncexporter.scrape.ConfigSource;
import dev.corosyncexporter.scrape.Identity;
import dev.corosyncexporter.scrape.NodeScrape;
import dev.corosyncexporter.scrape.NodeScraper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Collectors built from the registry, as the exporter builds them, and node scrapers over them on
 * one shared pool, for tests of any package.
 */
public final class TestCollectors {
  private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(2);

  /**
   * The defaults of the tool path (central mode's): these tests run collectors on runners that
   * stand in for the tools; the connection path is tested on the lab.
   */
  public static final CollectorSettings TOOL_DEFAULTS = CollectorSettings.defaults(RunMode.CENTRAL);

  private TestCollectors() {}

  /** "links" or "links:source=cfgtool": a registered collector with options given as NAME=VALUE. */
  public static CollectorSelection.Enabled named(String nameAndOptions) {
    String[] parts = nameAndOptions.split(":", 2);
    CollectorDefinition d =
        CollectorRegistry.get()
            .named(parts[0])
            .orElseThrow(() -> new IllegalArgumentException("no collector " + parts[0]));
    CollectorSettings settings = TOOL_DEFAULTS;
    if (parts.length == 2) {
      for (String assignment : parts[1].split(",")) {
        String[] kv = assignment.split("=", 2);
        CollectorOption<?> o =
            d.spec().options().stream()
                .filter(x -> x.name().equals(kv[0]))
                .findFirst()
                .orElseThrow();
        settings = settings.with(o, kv[1]);
      }
    }
    return new CollectorSelection.Enabled(d.spec(), d.create(settings));
  }

  public static List<CollectorSelection.Enabled> named(List<String> namesAndOptions) {
    return namesAndOptions.stream().map(TestCollectors::named).toList();
  }

  /** Every registered collector of {@code role} with default settings. */
  public static List<CollectorSelection.Enabled> all(CollectorSpec.Role role) {
    return CollectorRegistry.get().withRole(role).stream()
        .map(d -> new CollectorSelection.Enabled(d.spec(), d.create(TOOL_DEFAULTS)))
        .toList();
  }

  /**
   * Every registered collector once with each choice of each of its options (one option varied at a
   * time): all the ways a collector can run its tools.
   */
  public static List<CollectorSelection.Enabled> everyVariant(CollectorSpec.Role role) {
    List<CollectorSelection.Enabled> out = new ArrayList<>();
    for (CollectorDefinition d : CollectorRegistry.get().withRole(role)) {
      out.add(new CollectorSelection.Enabled(d.spec(), d.create(TOOL_DEFAULTS)));
      for (CollectorOption<?> o : d.spec().options()) {
        for (String choice : o.choices()) {
          if (!choice.equals(o.defaultChoice(RunMode.CENTRAL))) {
            Collector c = d.create(TOOL_DEFAULTS.with(o, choice));
            // The connection path and the sockets run no tool (and central mode refuses them).
            if (!c.localOnly()) {
              out.add(new CollectorSelection.Enabled(d.spec(), c));
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * One pool for the collector tests of every class: cached, as a collector that hangs holds its
   * thread; daemon threads, so it is never shut down.
   */
  private static final ExecutorService POOL =
      Executors.newCachedThreadPool(DaemonThreads.named("test-collector"));

  /** A node scraper over these collectors on the shared pool, without a configuration watcher. */
  public static NodeScraper scraper(
      CommandRunner runner, List<CollectorSelection.Enabled> collectors) {
    return scraper(runner, collectors, List.of());
  }

  /** The same, reporting the {@code disabled} collectors as such. */
  public static NodeScraper scraper(
      CommandRunner runner, List<CollectorSelection.Enabled> collectors, List<String> disabled) {
    return scraper(runner, false, collectors, disabled, POOL);
  }

  public static NodeScraper scraper(
      CommandRunner runner,
      boolean watchConfig,
      List<CollectorSelection.Enabled> collectors,
      ExecutorService executor) {
    return scraper(runner, watchConfig, collectors, List.of(), executor);
  }

  private static NodeScraper scraper(
      CommandRunner runner,
      boolean watchConfig,
      List<CollectorSelection.Enabled> collectors,
      List<String> disabled,
      ExecutorService executor) {
    return new NodeScraper(
        new NodeScraper.Setup(
            runner,
            ToolPaths.DEFAULTS,
            TOOL_TIMEOUT,
            watchConfig
                ? ConfigSource.watched(ToolPaths.DEFAULTS, TOOL_TIMEOUT)
                : ConfigSource.queried(ToolPaths.DEFAULTS, TOOL_TIMEOUT),
            collectors,
            disabled,
            new Identity("", "fallback-host"),
            Optional.empty()),
        executor);
  }

  /** One scrape of these collectors on the shared pool, with a deadline no replay comes near. */
  public static NodeScrape scrapeOnce(
      CommandRunner runner, List<CollectorSelection.Enabled> collectors) {
    return scraper(runner, collectors).scrape(Deadline.in(Duration.ofSeconds(10)));
  }

  /** What became of one collector in a scrape; fails when it was not part of it. */
  public static CollectorOutcome outcome(NodeScrape scrape, String collector) {
    return scrape.outcomes().stream()
        .filter(o -> o.collector().equals(collector))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no outcome of " + collector + " in " + scrape.outcomes()));
  }
}
