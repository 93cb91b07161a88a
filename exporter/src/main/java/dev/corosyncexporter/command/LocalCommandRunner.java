package dev.corosyncexporter.command;

import dev.corosyncexporter.concurrent.DaemonThreads;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tools on this machine. Each tool runs in a {@link ProcessTree} of its own, so whatever it
 * starts can be killed with it. Both output streams are drained concurrently (a full stderr pipe
 * must not stall a tool); by the time {@link #run} returns, the tool has ended and been reaped, and
 * so have its readers: a tool that hangs, floods or leaves a child behind costs one run, never a
 * thread, a file descriptor or a process.
 */
public final class LocalCommandRunner implements CommandRunner, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalCommandRunner.class);

  /**
   * More stdout than this fails the run ("output exceeded ..."): cutting it would hand a parser a
   * plausible but incomplete answer. The biggest real output is the links collector's stats query:
   * 14 keys per peer and link, lines of ~60 bytes ({@code stats.knet.node384.link1.rx_data_bytes
   * (u64) = 1234567890}). 384 nodes x 6 links x 14 keys x 60 B = 1.9 MB fits; 384 nodes on 8 links
   * would not, and fails clearly instead of quietly. The heap: a run holds at most this buffer
   * plus, while decoding, its String (1 byte a char for ASCII), so 4 MiB; four such tools at once
   * peak at 16 MiB of the 32 MiB that packaging/jvm.options gives (-Xmx32m). The former 8 MiB cap
   * made that 64 MiB.
   */
  static final int MAX_STDOUT_BYTES = 2 * 1024 * 1024;

  /** stderr is only logged (its first line) or tested for blankness: beyond this it is dropped. */
  static final int MAX_STDERR_BYTES = 64 * 1024;

  /**
   * Once the tool has exited its pipes reach end-of-file at once, unless something it started still
   * holds them; after this long that something is killed. Short, because a normal tool never needs
   * it.
   */
  static final Duration LINGER = Duration.ofMillis(200);

  /** Bounds reaping the killed tool, and its readers reaching end-of-file, after a kill. */
  private static final long AFTER_KILL_MILLIS = 2000;

  private static final File DEV_NULL = new File("/dev/null");
  private static final ThreadFactory READERS = DaemonThreads.named("command-output");

  /** The cookie prefix of this runner's tools, so that {@link #close} finds whatever they left. */
  private final String owner = ProcessTree.newOwner();

  @Override
  public CommandResult run(List<String> argv, Duration timeout) {
    long start = System.nanoTime();
    ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(DEV_NULL);
    // The tools print no localized text today; pinning C keeps it that way.
    pb.environment().put("LC_ALL", "C");
    ProcessTree tree;
    try {
      tree = ProcessTree.start(pb, owner);
    } catch (IOException e) {
      CommandResult.Outcome outcome =
          isMissingExecutable(e) ? CommandResult.Outcome.NOT_FOUND : CommandResult.Outcome.FAILED;
      return CommandResult.failed(argv, outcome, e.getMessage(), since(start));
    }
    Process process = tree.process();
    // Too much stdout kills the tool at once: nothing it prints after that could be used.
    OutputCapture out =
        new OutputCapture(process, process.getInputStream(), MAX_STDOUT_BYTES, tree::killAll);
    OutputCapture err =
        new OutputCapture(process, process.getErrorStream(), MAX_STDERR_BYTES, () -> {});
    Readers readers = new Readers(READERS.newThread(out), READERS.newThread(err));
    try {
      if (!process.waitFor(timeout.toNanos() - (System.nanoTime() - start), TimeUnit.NANOSECONDS)) {
        killAndReap(tree, readers);
        return CommandResult.failed(
            argv, CommandResult.Outcome.TIMED_OUT, "timed out", since(start));
      }
    } catch (InterruptedException e) {
      killAndReap(tree, readers);
      Thread.currentThread().interrupt();
      return CommandResult.failed(argv, CommandResult.Outcome.FAILED, "interrupted", since(start));
    }
    if (!readers.await(LINGER.toMillis())) {
      killLeftovers(tree, argv);
      if (!readers.await(AFTER_KILL_MILLIS)) {
        return CommandResult.failed(
            argv,
            CommandResult.Outcome.FAILED,
            "its output stays open in a process that cannot be killed",
            since(start));
      }
    } else if (out.startedAfterExit() || err.startedAfterExit()) {
      // The tool ended before its readers began (it took less time than starting a thread: about 1
      // in 100 runs of /bin/true on a loaded machine, hardly ever a corosync tool, which first
      // talks to corosync), so end-of-file proves nothing about what it left: look once.
      killLeftovers(tree, argv);
    }
    return result(argv, process.exitValue(), out, err, since(start));
  }

  private static CommandResult result(
      List<String> argv, int exitCode, OutputCapture out, OutputCapture err, Duration took) {
    if (out.overflowed()) {
      return CommandResult.failed(
          argv,
          CommandResult.Outcome.FAILED,
          "output exceeded " + MAX_STDOUT_BYTES + " bytes",
          took);
    }
    IOException failure = out.failure() != null ? out.failure() : err.failure();
    if (failure != null) {
      return CommandResult.failed(
          argv, CommandResult.Outcome.FAILED, "reading output: " + failure, took);
    }
    String stderr = err.text();
    if (ProcessTree.isSetsidExecFailure(exitCode, stderr)) {
      CommandResult.Outcome outcome =
          exitCode == 127 ? CommandResult.Outcome.NOT_FOUND : CommandResult.Outcome.FAILED;
      return CommandResult.failed(argv, outcome, stderr.strip(), took);
    }
    return CommandResult.exited(argv, exitCode, out.text(), stderr, took);
  }

  private static void killLeftovers(ProcessTree tree, List<String> argv) {
    int leftovers = tree.killAll();
    if (leftovers > 0) {
      LOG.warn("{}: killed {} process(es) it left running", String.join(" ", argv), leftovers);
    }
  }

  /**
   * Kills the whole tree, reaps the tool and waits, bounded, for its readers; ignores interrupts
   * meanwhile.
   */
  private static void killAndReap(ProcessTree tree, Readers readers) {
    boolean interrupted = Thread.interrupted();
    tree.killAll();
    try {
      // Reap it: a killed child that is never waited for stays a zombie.
      tree.process().waitFor(AFTER_KILL_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      interrupted = true;
    }
    readers.await(AFTER_KILL_MILLIS);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Kills whatever this runner's tools may have left, for instance a daemon that closed its output.
   */
  @Override
  public void close() {
    ProcessTree.killOwned(owner);
  }

  @Override
  public boolean onThisMachine() {
    return true;
  }

  @Override
  public String target() {
    return "local";
  }

  @Override
  public Watch watch(
      List<String> argv, Duration startTimeout, Consumer<String> onLine, Runnable onExit)
      throws IOException {
    return WatchProcess.start(argv, onLine, onExit);
  }

  /**
   * The two reader threads of one run, started as soon as the tool is (see OutputCapture#run for
   * why soon).
   */
  private record Readers(Thread out, Thread err) {
    Readers {
      out.start();
      err.start();
    }

    /**
     * True once both have read to end-of-file, waiting at most {@code millis}. An interrupt does
     * not cut the wait short (it is bounded anyway) and is kept for the caller.
     */
    boolean await(long millis) {
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      boolean interrupted = Thread.interrupted();
      while ((out.isAlive() || err.isAlive()) && end - System.nanoTime() > 0) {
        try {
          (out.isAlive() ? out : err)
              .join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return !out.isAlive() && !err.isAlive();
    }
  }

  private static boolean isMissingExecutable(IOException e) {
    String m = String.valueOf(e.getMessage());
    return m.contains("error=2,") || m.contains("No such file or directory");
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
