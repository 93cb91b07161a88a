package dev.corosyncexporter.ssh;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Collects one stream of a remote command up to a limit. JSch's session thread writes into it while
 * the calling thread polls {@link #overflowed()}, hence the synchronisation.
 */
final class CappedOutput extends OutputStream {
  private final int limit;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private boolean overflowed;

  CappedOutput(int limit) {
    this.limit = limit;
  }

  @Override
  public synchronized void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    int room = limit - bytes.size();
    if (len > room) {
      overflowed = true;
      len = Math.max(room, 0);
    }
    bytes.write(b, off, len);
  }

  synchronized boolean overflowed() {
    return overflowed;
  }

  synchronized String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
