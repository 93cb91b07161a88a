package dev.corosyncexporter.collector;

import dev.corosyncexporter.concurrent.DaemonThreads;
import dev.corosyncexporter.concurrent.Deadline;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs reads that may block in the kernel for good (files on a FUSE mount whose daemon hangs: the
 * thread is in uninterruptible sleep, and nothing in Java can free it) on one dedicated thread, so
 * that a hang costs a collector its success and never the scrape's deadline or a growing pile of
 * threads. One job at a time: while a job is stuck, every further one fails at once instead of
 * queueing behind it or starting a second thread that would hang too.
 */
public final class BlockingReader {
  private final String what;
  private final ExecutorService thread;
  private final AtomicReference<Instant> busySince = new AtomicReference<>();

  /**
   * @param what what it reads, for messages ("/etc/pve")
   */
  public BlockingReader(String what) {
    this.what = what;
    this.thread = Executors.newSingleThreadExecutor(DaemonThreads.named("reader " + what));
  }

  /** Since when the current job has been running, if one is. */
  public Optional<Instant> busySince() {
    return Optional.ofNullable(busySince.get());
  }

  /** Runs {@code job} on the reader thread and waits for it until {@code deadline}. */
  public <T> T read(Callable<T> job, Deadline deadline) throws CollectionException {
    Instant now = Instant.now();
    if (!busySince.compareAndSet(null, now)) {
      throw new CollectionException(
          "reader of " + what + " still blocked since " + busySince.get() + " (previous read)");
    }
    Future<T> result;
    try {
      result =
          thread.submit(
              () -> {
                try {
                  return job.call();
                } finally {
                  busySince.set(null);
                }
              });
    } catch (RuntimeException e) {
      busySince.set(null);
      throw new CollectionException("reader of " + what + " unavailable: " + e, e);
    }
    try {
      return result.get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      // Not cancelled: an interrupt cannot free a thread blocked in the kernel, and the job clears
      // busySince itself whenever the read returns.
      throw new CollectionException("reading " + what + " did not finish by the scrape deadline");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof CollectionException c) {
        throw c;
      }
      throw new CollectionException("reading " + what + " failed: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CollectionException("interrupted");
    }
  }
}
