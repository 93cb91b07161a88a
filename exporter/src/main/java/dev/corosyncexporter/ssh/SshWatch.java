package dev.corosyncexporter.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.Session;
import dev.corosyncexporter.command.Watch;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A watcher on its own exec channel of a node's session. It never gets end of input, so it runs
 * until it exits, it is closed, or the session breaks.
 *
 * <p>Closing the channel alone would not end it: sshd leaves a command running when its channel
 * closes, cmapctl -T does not notice a closed pipe, and sshd refuses signals to forced commands. So
 * closing first types cmapctl's own "q".
 */
final class SshWatch implements Watch {
  private static final long QUIT_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Session session;
  private final ChannelExec channel;

  SshWatch(Session session, ChannelExec channel) {
    this.session = session;
    this.channel = channel;
  }

  @Override
  public boolean isAlive() {
    return session.isConnected() && channel.isConnected() && !channel.isClosed();
  }

  @Override
  public void close() {
    if (isAlive()) {
      try {
        OutputStream input = channel.getOutputStream();
        input.write("q\n".getBytes(StandardCharsets.US_ASCII));
        input.flush();
        // sshd may drop input still on its way when the channel closes: give the tool a moment to
        // read it.
        long deadline = System.nanoTime() + QUIT_WAIT_NANOS;
        while (!channel.isClosed() && session.isConnected() && System.nanoTime() - deadline < 0) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
      } catch (IOException ignored) {
        // The watcher's bounded lifetime ends it should "q" not arrive.
      }
    }
    channel.disconnect();
  }
}
