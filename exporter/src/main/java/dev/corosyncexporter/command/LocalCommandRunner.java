package dev.corosyncexporter.command;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs tools on this machine. Both output streams are drained concurrently (a full stderr pipe must
 * not stall a tool), the process tree is killed on its deadline, and every child is reaped before
 * {@link #run} returns, so nothing outlives a scrape.
 */
public final class LocalCommandRunner implements CommandRunner {

  /** Output beyond this is discarded (and still drained): a tool gone mad must not exhaust the heap. */
  static final int MAX_OUTPUT_BYTES = 8 * 1024 * 1024;

  private static final File DEV_NULL = new File("/dev/null");
  private static final ExecutorService READERS = Executors.newCachedThreadPool(DaemonThreads.named("command-output"));

  @Override
  public CommandResult run(List<String> argv, Duration timeout) {
    long start = System.nanoTime();
    ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(DEV_NULL);
    // The tools print no localized text today; pinning C keeps it that way.
    pb.environment().put("LC_ALL", "C");
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      CommandResult.Outcome outcome =
          isMissingExecutable(e) ? CommandResult.Outcome.NOT_FOUND : CommandResult.Outcome.FAILED;
      return CommandResult.failed(argv, outcome, e.getMessage(), since(start));
    }
    Future<byte[]> out = READERS.submit(() -> drain(process.getInputStream()));
    Future<byte[]> err = READERS.submit(() -> drain(process.getErrorStream()));
    try {
      boolean finished = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (!finished) {
        kill(process);
        return CommandResult.failed(argv, CommandResult.Outcome.TIMED_OUT, "timed out", since(start));
      }
      // Once the process is gone its pipes close, unless a grandchild inherited them; bound the wait.
      String stdout = text(out.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS));
      String stderr = text(err.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS));
      return CommandResult.exited(argv, process.exitValue(), stdout, stderr, since(start));
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      return CommandResult.failed(argv, CommandResult.Outcome.FAILED, "interrupted", since(start));
    } catch (Exception e) {
      kill(process);
      return CommandResult.failed(argv, CommandResult.Outcome.FAILED, "reading output: " + e, since(start));
    } finally {
      out.cancel(true);
      err.cancel(true);
    }
  }

  @Override
  public String target() {
    return "local";
  }

  @Override
  public Watch watch(List<String> argv, Duration startTimeout, Consumer<String> onLine, Runnable onExit)
      throws IOException {
    return WatchProcess.start(argv, onLine, onExit);
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      // Reap it: a killed child that is never waited for stays a zombie.
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeQuietly(process.getInputStream());
    closeQuietly(process.getErrorStream());
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // the stream is being abandoned either way
    }
  }

  private static byte[] drain(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    int n;
    while ((n = in.read(chunk)) >= 0) {
      int room = MAX_OUTPUT_BYTES - buf.size();
      if (room > 0) {
        buf.write(chunk, 0, Math.min(n, room));
      }
    }
    return buf.toByteArray();
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static boolean isMissingExecutable(IOException e) {
    String m = String.valueOf(e.getMessage());
    return m.contains("error=2,") || m.contains("No such file or directory");
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
