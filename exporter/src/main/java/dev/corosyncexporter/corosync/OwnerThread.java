package dev.corosyncexporter.corosync;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one thread that owns a corosync connection: every call on it runs here, one at a time.
 *
 * <p>Why: libqb has no timeout anywhere (connect and every request wait forever on a frozen
 * corosync), and a Java thread inside a native call cannot be interrupted. So a caller waits for
 * its answer only until its own deadline; the call keeps the owner busy until corosync answers or
 * goes away. While a call has been running longer than {@code stuckAfter}, new calls fail at once
 * instead of queueing behind it: a frozen corosync costs one thread per connection, never more.
 */
public final class OwnerThread implements AutoCloseable {
  /** What runs on the owner thread. */
  @FunctionalInterface
  public interface Call<T> {
    T run() throws CorosyncException;
  }

  private static final long IDLE = Long.MIN_VALUE;

  /**
   * corosync's dispatch functions put a 1 MiB message buffer on the caller's stack
   * (IPC_DISPATCH_SIZE); with the 512 KiB threads of packaging/jvm.options a notification handler
   * would have no stack left. Only the touched pages cost memory.
   */
  private static final long STACK_BYTES = 4L << 20;

  private final String name;
  private final Duration stuckAfter;
  private final ThreadPoolExecutor executor;

  /** System.nanoTime() when the running call started, or IDLE. */
  private final AtomicLong runningSince = new AtomicLong(IDLE);

  private final AtomicLong runningCalls = new AtomicLong();

  public OwnerThread(String name, Duration stuckAfter) {
    this.name = name;
    this.stuckAfter = stuckAfter;
    // One thread, created on first use and kept: the connection's state lives on it.
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(null, r, "corosync-" + name, STACK_BYTES);
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Runs {@code call} on the owner thread and waits at most {@code wait} for it.
   *
   * @throws CorosyncException the call failed, did not answer in time, or an earlier call is stuck
   */
  public <T> T call(String what, Duration wait, Call<T> call) throws CorosyncException {
    long since = runningSince.get();
    if (since != IDLE) {
      Duration running = Duration.ofNanos(System.nanoTime() - since);
      if (running.compareTo(stuckAfter) > 0) {
        throw new CorosyncException(
            name
                + ": an earlier call has had no answer from corosync for "
                + running.toMillis()
                + " ms (corosync frozen?); not queueing another");
      }
    }
    Future<T> future;
    try {
      future = executor.submit(() -> runTimed(call));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      throw new CorosyncException(name + ": connection closed", e);
    }
    try {
      return future.get(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      // Not started yet: it never will be. Started: it holds the owner until corosync answers.
      future.cancel(false);
      throw new CorosyncException(
          name + ": " + what + " had no answer from corosync within " + wait.toMillis() + " ms");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof CorosyncException ce) {
        throw ce;
      }
      throw new CorosyncException(name + ": " + what + " failed: " + cause, cause);
    } catch (CancellationException e) {
      throw new CorosyncException(name + ": " + what + " cancelled", e);
    } catch (InterruptedException e) {
      future.cancel(false);
      Thread.currentThread().interrupt();
      throw new CorosyncException(name + ": interrupted", e);
    }
  }

  private <T> T runTimed(Call<T> call) throws CorosyncException {
    runningSince.set(System.nanoTime());
    runningCalls.incrementAndGet();
    try {
      return call.run();
    } finally {
      runningSince.set(IDLE);
    }
  }

  /**
   * Calls that started running on the owner (cancelled ones that never started are not counted).
   */
  public long callsRun() {
    return runningCalls.get();
  }

  /** Whether a call is running on the owner now. */
  public boolean busy() {
    return runningSince.get() != IDLE;
  }

  /** Stops the thread once what is queued has run. */
  @Override
  public void close() {
    closeWith(() -> {});
  }

  /**
   * Queues {@code last} (finalize) to run on the owner thread after what is queued, then stops
   * accepting calls. A thread stuck in corosync stays (a daemon thread) until corosync answers.
   */
  public void closeWith(Runnable last) {
    try {
      executor.execute(last);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // already closed
    }
    executor.shutdown();
  }
}
