package dev.corosyncexporter.collector;

import dev.corosyncexporter.command.CommandRunner;
import dev.corosyncexporter.scrape.ConfigSource;
import dev.corosyncexporter.scrape.Identity;
import dev.corosyncexporter.scrape.NodeScraper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/** Collectors built from the registry, as the exporter builds them, for tests of any package. */
public final class TestCollectors {
  private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(2);

  private TestCollectors() {}

  /** "links" or "links:source=cfgtool": a registered collector with options given as NAME=VALUE. */
  public static CollectorSelection.Enabled named(String nameAndOptions) {
    String[] parts = nameAndOptions.split(":", 2);
    CollectorDefinition d =
        CollectorRegistry.get()
            .named(parts[0])
            .orElseThrow(() -> new IllegalArgumentException("no collector " + parts[0]));
    CollectorSettings settings = CollectorSettings.DEFAULTS;
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
        .map(d -> new CollectorSelection.Enabled(d.spec(), d.create(CollectorSettings.DEFAULTS)))
        .toList();
  }

  /**
   * Every registered collector once with each choice of each of its options (one option varied at a
   * time): all the ways a collector can run its tools.
   */
  public static List<CollectorSelection.Enabled> everyVariant(CollectorSpec.Role role) {
    List<CollectorSelection.Enabled> out = new ArrayList<>();
    for (CollectorDefinition d : CollectorRegistry.get().withRole(role)) {
      out.add(new CollectorSelection.Enabled(d.spec(), d.create(CollectorSettings.DEFAULTS)));
      for (CollectorOption<?> o : d.spec().options()) {
        for (String choice : o.choices()) {
          if (!choice.equals(o.defaultChoice())) {
            Collector c = d.create(CollectorSettings.DEFAULTS.with(o, choice));
            // The connection path runs no tool (and central mode refuses it).
            if (!c.usesCorosyncConnection()) {
              out.add(new CollectorSelection.Enabled(d.spec(), c));
            }
          }
        }
      }
    }
    return out;
  }

  public static NodeScraper scraper(
      CommandRunner runner,
      boolean watchConfig,
      List<CollectorSelection.Enabled> collectors,
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
            List.of(),
            new Identity("", "fallback-host"),
            Optional.empty()),
        executor);
  }
}
