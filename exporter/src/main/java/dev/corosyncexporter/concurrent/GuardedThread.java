package dev.corosyncexporter.concurrent;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One dedicated thread for calls that may block for good where Java cannot free them: a native call
 * into a frozen corosync (libqb has no timeout, and a thread in native code ignores interrupts), a
 * read of a FUSE mount whose daemon hangs (the thread sleeps in the kernel). Calls run on it one at
 * a time, and each caller waits for its own only until its deadline; the call itself keeps the
 * thread until whatever it waits for answers.
 *
 * <p>While the running call is younger than {@code stuckAfter}, a new call queues behind it (two
 * overlapping scrapes both get their answer); once it is older, new calls are refused at once
 * instead of queueing behind a call that may never return. A call whose caller gave up before it
 * started never runs. So a hang costs one thread, never a pile of them, and callers their deadline
 * at most.
 */
public final class GuardedThread implements AutoCloseable {
  /** The running call's start, on both clocks: nanoTime to measure, wall clock to report. */
  private record Running(long startNanos, Instant start) {}

  private final Duration stuckAfter;
  private final ThreadPoolExecutor executor;
  private final AtomicReference<Running> running = new AtomicReference<>();
  private final AtomicLong callsRun = new AtomicLong();

  /**
   * @param threadName the thread's name, as thread dumps show it
   * @param stuckAfter a call running longer than this is taken as stuck: later calls are refused
   * @param stackBytes the thread's stack size, or 0 for the JVM's default (-Xss)
   */
  public GuardedThread(String threadName, Duration stuckAfter, long stackBytes) {
    this.stuckAfter = stuckAfter;
    // One thread, made at the first call and kept: state that lives on it (a connection) stays.
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(null, r, threadName, stackBytes);
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Runs {@code call} on the thread and waits for it until {@code deadline}.
   *
   * @throws AwaitException STUCK or CLOSED (refused, not run), TIMED_OUT (it never starts if it had
   *     not started yet), FAILED (the cause is what {@code call} threw), INTERRUPTED
   */
  public <T> T call(Deadline deadline, Callable<T> call) throws AwaitException {
    Running now = running.get();
    if (now != null) {
      Duration runningFor = Duration.ofNanos(System.nanoTime() - now.startNanos());
      if (runningFor.compareTo(stuckAfter) > 0) {
        throw AwaitException.stuck(now.start(), runningFor);
      }
    }
    FutureTask<T> task = new FutureTask<>(() -> runTimed(call));
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      throw AwaitException.of(AwaitException.Reason.CLOSED, "closed", e);
    }
    try {
      return deadline.await(task);
    } catch (AwaitException e) {
      // Not started yet: it never will be, and leaves the queue now. Started: no interrupt, which
      // could not free it anyway; it holds the thread until it returns.
      task.cancel(false);
      executor.remove(task);
      throw e;
    }
  }

  private <T> T runTimed(Callable<T> call) throws Exception {
    running.set(new Running(System.nanoTime(), Instant.now()));
    callsRun.incrementAndGet();
    try {
      return call.call();
    } finally {
      running.set(null);
    }
  }

  /** Calls that started running (those cancelled before they started are not counted). */
  public long callsRun() {
    return callsRun.get();
  }

  /** Whether a call is running now. */
  public boolean busy() {
    return running.get() != null;
  }

  /** Calls queued behind the running one. */
  public int queued() {
    return executor.getQueue().size();
  }

  /** Stops the thread once what is queued has run. */
  @Override
  public void close() {
    closeWith(() -> {});
  }

  /**
   * Queues {@code last} to run on the thread after what is queued (a connection's finalize), then
   * refuses further calls. A thread stuck in a call stays (a daemon thread) until the call returns.
   */
  public void closeWith(Runnable last) {
    try {
      executor.execute(last);
    } catch (RejectedExecutionException e) {
      // already closed
    }
    executor.shutdown();
  }
}
