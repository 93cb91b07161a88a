package dev.corosyncexporter.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one command of the lab (lab.sh, or a tool inside a lab host) to its end or to its time
 * limit, whichever comes first. The output is read on a thread of its own, so a command that hangs
 * with its output still open (a stuck lab.sh, or a daemon it started that kept the pipe) fails the
 * test at the limit, with what it printed so far, instead of hanging the build.
 */
final class LabCommand {
  /** How long killed processes get to be gone before the failure is reported. */
  private static final Duration KILL_GRACE = Duration.ofSeconds(5);

  private LabCommand() {}

  /** Stdout and stderr together; fails unless the command exits 0 within the limit. */
  static String run(List<String> argv, Duration limit) {
    Finished f = start(argv, limit, true);
    if (f.exitCode() != 0) {
      throw new AssertionError(describe(argv) + " exited " + f.exitCode() + ":\n" + f.output());
    }
    return f.output();
  }

  /** Stdout only, whatever the exit code; fails only when the command outlives the limit. */
  static String runLenient(List<String> argv, Duration limit) {
    return start(argv, limit, false).output();
  }

  private record Finished(int exitCode, String output) {}

  private static Finished start(List<String> argv, Duration limit, boolean withStderr) {
    long deadline = System.nanoTime() + limit.toNanos();
    Process p;
    try {
      ProcessBuilder b = new ProcessBuilder(argv);
      if (withStderr) {
        b.redirectErrorStream(true);
      } else {
        b.redirectError(ProcessBuilder.Redirect.DISCARD);
      }
      p = b.start();
    } catch (IOException e) {
      throw new AssertionError(describe(argv) + ": " + e, e);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread reader = new Thread(() -> copy(p.getInputStream(), out), "lab-command-output");
    reader.setDaemon(true);
    reader.start();
    try {
      if (!p.waitFor(remaining(deadline), TimeUnit.NANOSECONDS)) {
        killTree(p);
        throw new AssertionError(
            describe(argv)
                + " did not end within "
                + limit.toSeconds()
                + " s (killed, with every process it started); output so far:\n"
                + text(out));
      }
      // It has exited; what it started may still hold the output open.
      reader.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining(deadline))));
      if (reader.isAlive()) {
        throw new AssertionError(
            describe(argv)
                + " exited "
                + p.exitValue()
                + " but something it started still held its output after "
                + limit.toSeconds()
                + " s; output so far:\n"
                + text(out));
      }
      return new Finished(p.exitValue(), text(out));
    } catch (InterruptedException e) {
      killTree(p);
      Thread.currentThread().interrupt();
      throw new AssertionError(describe(argv) + ": interrupted", e);
    }
  }

  /**
   * Children first, listed before the parent dies (after that they belong to init and are no longer
   * its descendants); then waits until they are all gone, so nothing outlives the failure.
   */
  private static void killTree(Process p) {
    List<ProcessHandle> tree = p.descendants().toList();
    tree.forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    long until = System.nanoTime() + KILL_GRACE.toNanos();
    try {
      p.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      while (tree.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < until) {
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    byte[] buf = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        synchronized (out) {
          out.write(buf, 0, n);
        }
      }
    } catch (IOException e) {
      // the process was killed and its pipe closed: the output so far is all there is
    }
  }

  private static String text(ByteArrayOutputStream out) {
    synchronized (out) {
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  private static long remaining(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  private static String describe(List<String> argv) {
    return String.join(" ", argv);
  }
}
