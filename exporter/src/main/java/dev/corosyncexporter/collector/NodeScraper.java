package dev.corosyncexporter.collector;

import dev.corosyncexporter.command.CommandRunner;
import dev.corosyncexporter.parse.CorosyncConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes one node: reads the configuration once, runs every enabled collector in parallel, and
 * returns what each produced. A collector that fails costs only its own series.
 */
public final class NodeScraper {
  private static final Logger LOG = LoggerFactory.getLogger(NodeScraper.class);

  private final CommandRunner runner;
  private final ToolPaths tools;
  private final Duration timeout;
  private final ConfigSource configSource;
  private final List<Collector> collectors;
  private final ExecutorService executor;
  private final Identity fallback;
  /** Identity from the last scrape that could read it, so a node whose corosync died still says who it is. */
  private final AtomicReference<Identity> lastIdentity = new AtomicReference<>();
  private final AtomicReference<CorosyncConfig> lastConfig = new AtomicReference<>();

  public NodeScraper(
      CommandRunner runner,
      ToolPaths tools,
      Duration timeout,
      ConfigSource configSource,
      List<Collector> collectors,
      ExecutorService executor,
      Identity fallback) {
    this.runner = runner;
    this.tools = tools;
    this.timeout = timeout;
    this.configSource = configSource;
    this.collectors = List.copyOf(collectors);
    this.executor = executor;
    this.fallback = fallback;
  }

  public NodeScrape scrape() {
    boolean needsConfig = collectors.stream().anyMatch(c -> !(c instanceof QnetdCollector));
    CompletableFuture<CorosyncConfig> config =
        needsConfig
            ? CompletableFuture.supplyAsync(this::loadConfig, executor)
            : CompletableFuture.failedFuture(new CollectionException("not read on a QNetd-only exporter"));
    CollectorContext context =
        new CollectorContext(runner, tools, timeout, config, Optional.ofNullable(lastConfig.get()));
    config.thenAccept(lastConfig::set);
    List<CompletableFuture<Result>> running = new ArrayList<>();
    for (Collector c : collectors) {
      running.add(CompletableFuture.supplyAsync(() -> run(c, context), executor));
    }
    List<Sample> samples = new ArrayList<>();
    List<CollectorOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < running.size(); i++) {
      Result r = await(running.get(i), collectors.get(i).name());
      samples.addAll(r.samples());
      outcomes.add(r.outcome());
    }
    return new NodeScrape(identity(config), samples, outcomes);
  }

  private CorosyncConfig loadConfig() {
    try {
      return configSource.load();
    } catch (CollectionException e) {
      throw new java.util.concurrent.CompletionException(e);
    }
  }

  private record Result(List<Sample> samples, CollectorOutcome outcome) {}

  private Result run(Collector collector, CollectorContext context) {
    long start = System.nanoTime();
    SampleSink sink = new SampleSink();
    String error;
    try {
      collector.collect(context, sink);
      return new Result(sink.samples(), new CollectorOutcome(collector.name(), true, since(start), ""));
    } catch (CollectionException e) {
      error = e.getMessage();
    } catch (RuntimeException e) {
      // A bug must cost this collector, never the scrape.
      LOG.error("collector {} on {} failed unexpectedly", collector.name(), runner.target(), e);
      error = e.toString();
    }
    LOG.warn("collector {} on {} failed: {}", collector.name(), runner.target(), error);
    return new Result(List.of(), new CollectorOutcome(collector.name(), false, since(start), error));
  }

  /** Every command has its own deadline; this is the backstop should a collector ignore it. */
  private Result await(CompletableFuture<Result> future, String name) {
    long budget = timeout.toMillis() * 3 + 2000;
    try {
      return future.get(budget, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      future.cancel(true);
      return new Result(
          List.of(), new CollectorOutcome(name, false, Duration.ofMillis(budget), "did not finish: " + e));
    }
  }

  private Identity identity(CompletableFuture<CorosyncConfig> config) {
    CorosyncConfig c;
    try {
      c = config.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      c = null;
    } catch (Exception e) {
      c = null; // the collectors that needed it already said why
    }
    if (c != null) {
      Identity id = new Identity(c.clusterName(), c.localNodeName().orElse(fallback.nodeName()));
      lastIdentity.set(id);
      return id;
    }
    Identity last = lastIdentity.get();
    return last != null ? last : fallback;
  }

  /** Who this node said it was the last time corosync answered. */
  public java.util.Optional<Identity> lastIdentity() {
    return java.util.Optional.ofNullable(lastIdentity.get());
  }

  public List<String> collectorNames() {
    return collectors.stream().map(Collector::name).toList();
  }

  public String target() {
    return runner.target();
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
