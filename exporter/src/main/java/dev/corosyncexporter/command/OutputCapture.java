package dev.corosyncexporter.command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads one output stream of a tool to its end on a thread of its own, keeping at most {@code cap}
 * bytes. It always reads on to the end, so a tool is never stalled on a full pipe; what happens
 * beyond the cap is the caller's choice ({@code onOverflow}).
 */
final class OutputCapture implements Runnable {
  private final InputStream in;
  private final int cap;
  private final Runnable onOverflow;
  // Grows by doubling from 8 KiB: with a power-of-two cap the array never exceeds the cap.
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream(8192);
  private final Process process;
  private volatile boolean overflowed;
  private volatile boolean startedAfterExit;
  private volatile IOException failure;

  OutputCapture(Process process, InputStream in, int cap, Runnable onOverflow) {
    this.process = process;
    this.in = in;
    this.cap = cap;
    this.onOverflow = onOverflow;
  }

  /**
   * Reads while holding the stream's lock. When the process exits, the JDK's reaper thread takes
   * the same lock to read what is buffered and close the pipe, so that a reader would see
   * end-of-file even though a child of the tool still holds the pipe open, and that child would go
   * unnoticed. Holding the lock makes end-of-file mean that no writer is left. The reaper only
   * waits for it as long as the read takes, which the caller bounds by killing the writers.
   */
  @Override
  public void run() {
    synchronized (in) {
      startedAfterExit = !process.isAlive();
      read();
    }
  }

  private void read() {
    byte[] chunk = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(chunk)) >= 0) {
        int room = cap - kept.size();
        if (n > room && !overflowed) {
          kept.write(chunk, 0, room);
          overflowed = true;
          onOverflow.run();
        } else if (!overflowed) {
          kept.write(chunk, 0, n);
        }
      }
    } catch (IOException e) {
      failure = e;
    }
  }

  /**
   * True if the tool had already exited when reading began: then the JDK may have closed the pipe
   * first, and end-of-file does not prove that nothing the tool started still holds it.
   */
  boolean startedAfterExit() {
    return startedAfterExit;
  }

  boolean overflowed() {
    return overflowed;
  }

  IOException failure() {
    return failure;
  }

  /** What was kept, decoded; call only once the reading thread has ended. */
  String text() {
    // Decodes straight from the buffer: no extra copy of up to cap bytes on a 32 MiB heap.
    return kept.toString(StandardCharsets.UTF_8);
  }
}
