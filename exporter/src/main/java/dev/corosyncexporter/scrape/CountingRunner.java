package dev.corosyncexporter.scrape;

import dev.corosyncexporter.collector.SampleSink;
import dev.corosyncexporter.command.CommandResult;
import dev.corosyncexporter.command.CommandRunner;
import dev.corosyncexporter.command.Watch;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The one decorator of a node's runner, which sees every result: counts the runs of each tool and
 * how they ended (the exporter's own cost, visible to the operator), and remembers when a command
 * last ran to its end ("reachable and commands ran"). It overrides every method of {@link
 * CommandRunner}, defaults included, so none falls back to the interface's answer.
 */
final class CountingRunner implements CommandRunner {
  record Key(String tool, String outcome) {}

  private final CommandRunner delegate;
  private final Map<Key, LongAdder> runs = new ConcurrentHashMap<>();
  private volatile boolean everExited;
  private final AtomicLong lastExitedNanos = new AtomicLong();

  CountingRunner(CommandRunner delegate) {
    this.delegate = delegate;
  }

  @Override
  public CommandResult run(List<String> argv, Duration timeout) {
    CommandResult r = delegate.run(argv, timeout);
    runs.computeIfAbsent(new Key(toolName(argv), outcome(r)), k -> new LongAdder()).increment();
    if (r.exited()) {
      long now = System.nanoTime();
      lastExitedNanos.accumulateAndGet(now, (a, b) -> b - a > 0 ? b : a);
      everExited = true;
    }
    return r;
  }

  /**
   * Whether a command exited (with any code) at or after {@code nanos}, a {@link System#nanoTime}
   * value; those compare by difference only, as they may wrap.
   */
  boolean ranSince(long nanos) {
    return everExited && lastExitedNanos.get() - nanos >= 0;
  }

  /** The program's file name: paths differ between hosts, the tool does not. */
  static String toolName(List<String> argv) {
    if (argv.isEmpty()) {
      return "";
    }
    String p = argv.get(0);
    return p.substring(p.lastIndexOf('/') + 1);
  }

  private static String outcome(CommandResult r) {
    return switch (r.outcome()) {
      case EXITED -> "exited";
      case TIMED_OUT -> "timed_out";
      case NOT_FOUND -> "not_found";
      case FAILED -> "failed";
    };
  }

  void emit(SampleSink sink) {
    runs.forEach((k, n) -> sink.add(Metrics.TOOL_RUNS, (double) n.sum(), k.tool(), k.outcome()));
  }

  @Override
  public boolean onThisMachine() {
    return delegate.onThisMachine();
  }

  @Override
  public String target() {
    return delegate.target();
  }

  @Override
  public long sessionId() {
    return delegate.sessionId();
  }

  /** Not counted, and says nothing about reachability now: only finished commands do. */
  @Override
  public Watch watch(
      List<String> argv, Duration startTimeout, Consumer<String> onLine, Runnable onExit)
      throws IOException {
    return delegate.watch(argv, startTimeout, onLine, onExit);
  }
}
