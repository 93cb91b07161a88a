package dev.corosyncexporter.ssh;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The stdout of a remote watcher: hands each complete line to {@code onLine}, and runs {@code
 * onExit} once when JSch closes the stream (the remote end sent EOF, or the channel or session went
 * away). JSch's session thread is the only writer.
 */
final class LineEvents extends OutputStream {
  /**
   * A line longer than this is cut: a watcher's events are short, and the heap is not for a
   * runaway.
   */
  static final int MAX_LINE_BYTES = 64 * 1024;

  private final Consumer<String> onLine;
  private final Runnable onExit;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final AtomicBoolean closed = new AtomicBoolean();

  LineEvents(Consumer<String> onLine, Runnable onExit) {
    this.onLine = onLine;
    this.onExit = onExit;
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    int end = off + len;
    for (int i = off; i < end; i++) {
      if (b[i] == '\n') {
        onLine.accept(line.toString(StandardCharsets.UTF_8));
        line.reset();
      } else if (line.size() < MAX_LINE_BYTES) {
        line.write(b[i]);
      }
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      synchronized (this) {
        if (line.size() > 0) {
          onLine.accept(line.toString(StandardCharsets.UTF_8));
          line.reset();
        }
      }
      onExit.run();
    }
  }
}
