package dev.corosyncexporter.central;

import dev.corosyncexporter.command.CommandResult;
import dev.corosyncexporter.command.CommandRunner;
import dev.corosyncexporter.command.Watch;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** Remembers when a command last ran to its end on this node: "reachable and commands ran". */
final class ObservedRunner implements CommandRunner {
  private final CommandRunner delegate;
  private volatile boolean everExited;
  private final AtomicLong lastExitedNanos = new AtomicLong();

  ObservedRunner(CommandRunner delegate) {
    this.delegate = delegate;
  }

  @Override
  public CommandResult run(List<String> argv, Duration timeout) {
    CommandResult r = delegate.run(argv, timeout);
    if (r.exited()) {
      long now = System.nanoTime();
      lastExitedNanos.accumulateAndGet(now, (a, b) -> b - a > 0 ? b : a);
      everExited = true;
    }
    return r;
  }

  /** nanoTime values compare by difference only: they may wrap. */
  boolean ranSince(long nanos) {
    return everExited && lastExitedNanos.get() - nanos >= 0;
  }

  @Override
  public String target() {
    return delegate.target();
  }

  /** A watcher says nothing about reachability now: only finished commands count. */
  @Override
  public Watch watch(
      List<String> argv, Duration startTimeout, Consumer<String> onLine, Runnable onExit)
      throws IOException {
    return delegate.watch(argv, startTimeout, onLine, onExit);
  }
}
