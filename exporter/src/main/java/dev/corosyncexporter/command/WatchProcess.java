package dev.corosyncexporter.command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A long-running tool whose every output line is an event (corosync-cmapctl -T). Its stdin stays
 * open because cmapctl quits on end of input. It runs in a {@link ProcessTree} of its own, so that
 * {@link #close} ends all of it, a child that ignores SIGTERM included (the exporter runs it as
 * {@code timeout 300 stdbuf -oL corosync-cmapctl -T ...}, and signalling only {@code timeout} left
 * such a child orphaned, without its time limit). The reader thread ends when the tool does.
 */
public final class WatchProcess implements Watch {
  private static final Logger LOG = LoggerFactory.getLogger(WatchProcess.class);

  /**
   * A line longer than this ends the watch: cmapctl's events are one key and value, a few hundred
   * bytes, so such a line means the tool is not what it should be, and the heap is not for a
   * runaway. Ending it (rather than cutting the line, as the SSH path's LineEvents does) also stops
   * a tool that prints one endless line from costing CPU forever; its owner then reads the
   * configuration afresh, which is always correct, and starts a new watcher.
   */
  static final int MAX_LINE_BYTES = 64 * 1024;

  /**
   * How long the tool gets to end on SIGTERM (cmapctl then leaves corosync cleanly) before SIGKILL.
   */
  static final long TERM_GRACE_MILLIS = 500;

  /** Bounds reaping and the reader's end after a kill: {@link #close} never hangs. */
  private static final long AFTER_KILL_MILLIS = 2000;

  /** One cookie prefix for all watchers; each watcher's own cookie finds its processes. */
  private static final String OWNER = ProcessTree.newOwner();

  private final ProcessTree tree;
  private final Thread reader;

  private WatchProcess(ProcessTree tree, Thread reader) {
    this.tree = tree;
    this.reader = reader;
  }

  /**
   * Starts argv; every stdout line goes to {@code onLine}, and {@code onExit} runs once when it
   * ends.
   */
  public static WatchProcess start(List<String> argv, Consumer<String> onLine, Runnable onExit)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("LC_ALL", "C");
    ProcessTree tree = ProcessTree.start(pb, OWNER);
    String name = "watch-" + argv.get(argv.size() - 1);
    Thread reader =
        new Thread(
            () -> {
              InputStream out = tree.process().getInputStream();
              try {
                // Under the stream's lock, as in OutputCapture: the JDK must not close the pipe
                // under the reader when the tool exits, so that end-of-file means nothing holds it
                // any more.
                synchronized (out) {
                  if (!readLines(out, onLine)) {
                    LOG.warn(
                        "{} printed a line longer than {} bytes; ending it",
                        String.join(" ", argv),
                        MAX_LINE_BYTES);
                    tree.killAll();
                  }
                }
              } catch (IOException e) {
                // the process went away; onExit tells the owner
              } finally {
                reap(tree);
                onExit.run();
              }
            },
            name);
    reader.setDaemon(true);
    reader.start();
    return new WatchProcess(tree, reader);
  }

  /**
   * Hands each line of {@code in} to {@code onLine} until end of input (a last line without newline
   * included), keeping at most {@link #MAX_LINE_BYTES} of a line; false if a line was longer.
   */
  static boolean readLines(InputStream in, Consumer<String> onLine) throws IOException {
    try (in) {
      ByteArrayOutputStream line = new ByteArrayOutputStream(256);
      byte[] chunk = new byte[8192];
      int n;
      while ((n = in.read(chunk)) >= 0) {
        int from = 0;
        for (int i = 0; i < n; i++) {
          if (chunk[i] == '\n') {
            line.write(chunk, from, i - from);
            if (line.size() > MAX_LINE_BYTES) {
              return false;
            }
            onLine.accept(line.toString(StandardCharsets.UTF_8));
            line.reset();
            from = i + 1;
          }
        }
        line.write(chunk, from, n - from);
        if (line.size() > MAX_LINE_BYTES) {
          return false;
        }
      }
      if (line.size() > 0) {
        onLine.accept(line.toString(StandardCharsets.UTF_8));
      }
      return true;
    }
  }

  @Override
  public boolean isAlive() {
    return tree.process().isAlive();
  }

  /**
   * SIGTERM, a short grace, then SIGKILL to all of the tool's tree; bounded by about 5 s in all.
   */
  @Override
  public void close() {
    Process p = tree.process();
    boolean interrupted = Thread.interrupted();
    p.destroy();
    try {
      p.waitFor(TERM_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      interrupted = true;
    }
    // Always, not only when the tool outlived the grace: a child that ignored the SIGTERM passed on
    // by `timeout` keeps running after `timeout` itself is gone.
    tree.killAll();
    reap(tree);
    if (Thread.currentThread() != reader) {
      try {
        reader.join(AFTER_KILL_MILLIS);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits, bounded, for the tool to end after its output did; kills its tree if it does not. */
  private static void reap(ProcessTree tree) {
    Process p = tree.process();
    try {
      if (!p.waitFor(AFTER_KILL_MILLIS, TimeUnit.MILLISECONDS)) {
        tree.killAll();
        p.waitFor(AFTER_KILL_MILLIS, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      tree.killAll();
      Thread.currentThread().interrupt();
    }
  }
}
