package dev.corosyncexporter.command;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * A long-running tool whose every output line is an event (corosync-cmapctl -T). Its stdin stays open
 * because cmapctl quits on end of input. The reader thread ends when the process does.
 */
public final class WatchProcess implements Watch {
  private final Process process;

  private WatchProcess(Process process) {
    this.process = process;
  }

  /** Starts argv; every stdout line goes to {@code onLine}, and {@code onExit} runs once when it ends. */
  public static WatchProcess start(List<String> argv, Consumer<String> onLine, Runnable onExit) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("LC_ALL", "C");
    Process p = pb.start();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  onLine.accept(line);
                }
              } catch (IOException e) {
                // the process went away; onExit tells the owner
              } finally {
                reap(p);
                onExit.run();
              }
            },
            "watch-" + argv.get(argv.size() - 1));
    reader.setDaemon(true);
    reader.start();
    return new WatchProcess(p);
  }

  @Override
  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.destroy();
    reap(process);
  }

  private static void reap(Process p) {
    try {
      if (!p.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(2, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
