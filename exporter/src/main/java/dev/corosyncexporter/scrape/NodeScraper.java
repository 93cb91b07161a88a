package dev.corosyncexporter.scrape;

import dev.corosyncexporter.collector.CollectionException;
import dev.corosyncexporter.collector.Collector;
import dev.corosyncexporter.collector.CollectorContext;
import dev.corosyncexporter.collector.CollectorSelection;
import dev.corosyncexporter.collector.QuorumView;
import dev.corosyncexporter.collector.Sample;
import dev.corosyncexporter.collector.SampleSink;
import dev.corosyncexporter.collector.ToolPaths;
import dev.corosyncexporter.command.CommandRunner;
import dev.corosyncexporter.concurrent.AwaitException;
import dev.corosyncexporter.concurrent.Deadline;
import dev.corosyncexporter.corosync.CorosyncClient;
import dev.corosyncexporter.parse.CorosyncConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes one node: reads the configuration once (if a collector needs it), runs every enabled
 * collector in parallel, and returns what each produced by the scrape's deadline. A collector that
 * fails, throws, runs out of memory or is still running at the deadline costs only its own series.
 */
public final class NodeScraper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeScraper.class);

  /**
   * How to scrape one node.
   *
   * @param toolTimeout the longest any one tool run may take, within the scrape's deadline
   * @param configSource where the configuration comes from (see {@link ConfigSource}'s factories),
   *     made with the scraper's counting runner so that the source's own runs count as the node's
   * @param disabled the names of the collectors of this kind of host that do not run (reported as
   *     0)
   * @param fallback who the node is while corosync cannot be asked
   * @param corosync local mode's kept-open corosync connections, for the collectors set to use them
   */
  public record Setup(
      CommandRunner runner,
      ToolPaths tools,
      Duration toolTimeout,
      Function<CommandRunner, ConfigSource> configSource,
      List<CollectorSelection.Enabled> collectors,
      List<String> disabled,
      Identity fallback,
      Optional<CorosyncClient> corosync) {
    public Setup {
      collectors = List.copyOf(collectors);
      disabled = List.copyOf(disabled);
    }
  }

  /** The collector that exports the configuration read by {@link ConfigSource}. */
  private static final String CONFIG_COLLECTOR = "config";

  private final Setup setup;
  private final CountingRunner runner;
  private final ConfigSource configSource;
  private final ExecutorService executor;
  private final boolean needsConfig;

  /**
   * Identity from the last scrape that could read it, so a node whose corosync died still says who
   * it is.
   */
  private final AtomicReference<Identity> lastIdentity = new AtomicReference<>();

  private final AtomicReference<CorosyncConfig> lastConfig = new AtomicReference<>();

  public NodeScraper(Setup setup, ExecutorService executor) {
    this.setup = setup;
    this.runner = new CountingRunner(setup.runner());
    this.configSource = setup.configSource().apply(runner);
    this.executor = executor;
    this.needsConfig = setup.collectors().stream().anyMatch(e -> e.spec().needsConfig());
  }

  public NodeScrape scrape(Deadline deadline) {
    long start = System.nanoTime();
    CompletableFuture<CorosyncConfig> config =
        needsConfig
            ? CompletableFuture.supplyAsync(() -> loadConfig(deadline), executor)
            : CompletableFuture.failedFuture(
                new CollectionException("not read: no collector needs it"));
    CollectorContext context =
        new CollectorContext(
            runner,
            setup.tools(),
            setup.toolTimeout(),
            deadline,
            config,
            Optional.ofNullable(lastConfig.get()),
            setup.corosync());
    // The next scrape's guess; a failed read leaves the previous one.
    CompletableFuture<Void> remembered = config.thenAccept(lastConfig::set);
    remembered.exceptionally(e -> null);
    List<CompletableFuture<Result>> running = new ArrayList<>();
    for (CollectorSelection.Enabled e : setup.collectors()) {
      running.add(
          CompletableFuture.supplyAsync(
              () -> run(e.spec().name(), e.collector(), context), executor));
    }
    SampleSink own = new SampleSink();
    List<Sample> samples = new ArrayList<>();
    List<CollectorOutcome> outcomes = new ArrayList<>();
    Optional<QuorumView> view = Optional.empty();
    for (int i = 0; i < running.size(); i++) {
      Result r = await(running.get(i), setup.collectors().get(i).spec().name(), deadline, start);
      samples.addAll(r.sink().samples());
      outcomes.add(r.outcome());
      if (r.sink().quorumView().isPresent()) {
        view = r.sink().quorumView();
      }
    }
    setup.collectors().forEach(e -> own.add(Metrics.COLLECTOR_ENABLED, 1, e.spec().name()));
    setup.disabled().forEach(name -> own.add(Metrics.COLLECTOR_ENABLED, 0, name));
    for (CollectorSelection.Enabled e : setup.collectors()) {
      String name = e.spec().name();
      e.collector()
          .source()
          .or(
              () ->
                  name.equals(CONFIG_COLLECTOR)
                      ? Optional.of(configSource.name())
                      : Optional.empty())
          .ifPresent(source -> own.add(Metrics.COLLECTOR_SOURCE, 1, name, source));
    }
    if (needsConfig) {
      configSource.watching().ifPresent(w -> own.add(Metrics.CONFIG_WATCH_RUNNING, w));
    }
    runner.emit(own);
    samples.addAll(own.samples());
    return new NodeScrape(identity(config, deadline), samples, outcomes, view);
  }

  private CorosyncConfig loadConfig(Deadline deadline) {
    try {
      return configSource.load(deadline);
    } catch (CollectionException e) {
      throw new CompletionException(e);
    }
  }

  private record Result(SampleSink sink, CollectorOutcome outcome) {}

  private Result run(String name, Collector collector, CollectorContext context) {
    long start = System.nanoTime();
    SampleSink sink = new SampleSink();
    String error;
    try {
      collector.collect(context, sink);
      return new Result(sink, new CollectorOutcome(name, true, since(start), ""));
    } catch (CollectionException e) {
      error = e.getMessage();
    } catch (SampleSink.TooManySeries e) {
      error = e.getMessage();
    } catch (RuntimeException | Error e) {
      // A bug, or the heap running out, must cost this collector, never the scrape or the thread
      // pool.
      // An OutOfMemoryError is thrown in the thread that asked for memory; the sink it filled is
      // dropped here.
      LOG.error("collector {} on {} failed unexpectedly", name, runner.target(), e);
      error = e.toString();
    }
    LOG.warn("collector {} on {} failed: {}", name, runner.target(), error);
    return new Result(new SampleSink(), new CollectorOutcome(name, false, since(start), error));
  }

  /** Every tool run is bounded by the deadline; this wait is too, should a collector ignore it. */
  private Result await(
      CompletableFuture<Result> future, String name, Deadline deadline, long start) {
    try {
      return deadline.await(future);
    } catch (AwaitException e) {
      if (e.reason() == AwaitException.Reason.INTERRUPTED) {
        return failed(name, start, "interrupted");
      }
      future.cancel(true);
      LOG.warn("collector {} on {} did not finish by the scrape deadline", name, runner.target());
      return failed(name, start, "did not finish by the scrape deadline");
    }
  }

  private static Result failed(String name, long start, String why) {
    return new Result(new SampleSink(), new CollectorOutcome(name, false, since(start), why));
  }

  private Identity identity(CompletableFuture<CorosyncConfig> config, Deadline deadline) {
    CorosyncConfig c;
    try {
      c = deadline.await(config);
    } catch (AwaitException e) {
      c = null; // the collectors that needed it already said why
    }
    if (c != null) {
      Identity id =
          new Identity(c.clusterName(), c.localNodeName().orElse(setup.fallback().nodeName()));
      lastIdentity.set(id);
      return id;
    }
    Identity last = lastIdentity.get();
    return last != null ? last : setup.fallback();
  }

  /** Stops the configuration watcher, if any. */
  @Override
  public void close() {
    configSource.close();
  }

  /** Who this node said it was the last time corosync answered. */
  public Optional<Identity> lastIdentity() {
    return Optional.ofNullable(lastIdentity.get());
  }

  public List<String> collectorNames() {
    return setup.collectors().stream().map(e -> e.spec().name()).toList();
  }

  public String target() {
    return runner.target();
  }

  /**
   * Whether a command on this node exited at or after {@code nanos} (a {@link System#nanoTime}
   * value): the node was reachable and its commands ran.
   */
  public boolean ranSince(long nanos) {
    return runner.ranSince(nanos);
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
