package dev.corosyncexporter.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import dev.corosyncexporter.command.CommandResult;
import dev.corosyncexporter.command.CommandResult.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One command on its own exec channel of a shared session, from channel open to exit status. The
 * results name the caller's argv; the node gets it under its {@link RemoteBound}.
 */
final class ExecCall {
  private static final long MIN_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
  // JSch offers no close callback; a short poll keeps a 10 ms command from costing 20 ms.
  private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
  private static final long DISCONNECT_GRACE_NANOS = 250_000_000L;

  private final Session session;
  private final List<String> argv;
  private final List<String> remoteArgv;
  private final String address;
  private final int maxOutputBytes;
  private final long startNanos;
  private final long deadlineNanos;
  private boolean sessionSuspect;
  private boolean lostBeforeStart;

  ExecCall(
      Session session,
      List<String> argv,
      List<String> remoteArgv,
      String address,
      int maxOutputBytes,
      long startNanos,
      long deadlineNanos) {
    this.session = session;
    this.argv = argv;
    this.remoteArgv = remoteArgv;
    this.address = address;
    this.maxOutputBytes = maxOutputBytes;
    this.startNanos = startNanos;
    this.deadlineNanos = deadlineNanos;
  }

  CommandResult run() {
    CappedOutput stdout = new CappedOutput(maxOutputBytes);
    CappedOutput stderr = new CappedOutput(maxOutputBytes);
    ChannelExec channel;
    try {
      channel = (ChannelExec) session.openChannel("exec");
      if (channel == null) {
        // JSch answers null instead of throwing when the session is going down under the open,
        // possibly while it still says it is connected.
        lostBeforeStart = true;
        return failed("connection to " + address + " lost");
      }
      channel.setCommand(ShellQuoting.commandLine(remoteArgv));
      channel.setOutputStream(stdout, true);
      channel.setErrStream(stderr, true);
      channel.connect(remainingMillis());
      // EOF on stdin right away: a tool that unexpectedly reads input must not wait for us.
      channel.getOutputStream().close();
    } catch (JSchException | IOException e) {
      // JSch's own channel-open timer is millisecond-grained, so allow it to fire a hair early.
      if (deadlineNanos - System.nanoTime() < TimeUnit.MILLISECONDS.toNanos(10)) {
        // A live sshd answers a channel open within milliseconds; silence suggests a dead peer
        // that the keepalives have not caught yet.
        sessionSuspect = session.isConnected();
        return new CommandResult(
            argv, Outcome.TIMED_OUT, -1, "", "", took(), "timed out opening a channel");
      }
      lostBeforeStart = !session.isConnected();
      String why =
          lostBeforeStart
              ? "connection to " + address + " lost"
              : "cannot start command on " + address;
      return failed(why + ": " + e.getMessage());
    }
    try {
      return await(channel, stdout, stderr);
    } finally {
      channel.disconnect();
    }
  }

  /**
   * True if the session was found closed before the command reached the node: it may be sent again.
   */
  boolean lostBeforeStart() {
    return lostBeforeStart;
  }

  /** True if the session stopped answering and should be replaced rather than reused. */
  boolean sessionSuspect() {
    return sessionSuspect;
  }

  /**
   * When the connection drops, JSch closes the session's channels before it marks the session
   * disconnected: a channel that ended without an exit status gives the session a moment (at most
   * {@link #DISCONNECT_GRACE_NANOS}) to show whether the connection went with it.
   */
  private void awaitDisconnectNoticed() {
    long until = System.nanoTime() + DISCONNECT_GRACE_NANOS;
    while (session.isConnected() && System.nanoTime() < until) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private CommandResult await(ChannelExec channel, CappedOutput stdout, CappedOutput stderr) {
    long pollNanos = MIN_POLL_NANOS;
    while (!channel.isClosed()) {
      if (stdout.overflowed() || stderr.overflowed()) {
        return failed(
            (stdout.overflowed() ? "stdout" : "stderr") + " exceeded " + maxOutputBytes + " bytes");
      }
      if (!session.isConnected()) {
        return failed("connection to " + address + " lost during command");
      }
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        abort(channel);
        return new CommandResult(
            argv, Outcome.TIMED_OUT, -1, stdout.text(), stderr.text(), took(), "timed out");
      }
      LockSupport.parkNanos(Math.min(pollNanos, left));
      if (Thread.currentThread().isInterrupted()) {
        abort(channel);
        return failed("interrupted");
      }
      pollNanos = Math.min(pollNanos * 2, MAX_POLL_NANOS);
    }
    if (stdout.overflowed() || stderr.overflowed()) {
      return failed(
          (stdout.overflowed() ? "stdout" : "stderr") + " exceeded " + maxOutputBytes + " bytes");
    }
    int exit = channel.getExitStatus();
    if (exit < 0) {
      String signal = channel.getExitSignal();
      if (signal == null) {
        awaitDisconnectNoticed();
      }
      return failed(
          session.isConnected()
              ? "remote command ended without exit status"
                  + (signal != null ? " (signal " + signal + ")" : "")
              : "connection to " + address + " lost during command");
    }
    String err = stderr.text();
    if (exit == RemoteBound.EXIT_TIMED_OUT) {
      // The node's own bound ended it: only when command_timeout exceeds what the wrapper allows.
      return new CommandResult(
          argv, Outcome.TIMED_OUT, exit, stdout.text(), err, took(), "timed out on the node");
    }
    if (exit == 127 && (err.contains("not found") || err.contains("No such file or directory"))) {
      return new CommandResult(
          argv, Outcome.NOT_FOUND, exit, stdout.text(), err, took(), firstLine(err));
    }
    return CommandResult.exited(argv, exit, stdout.text(), err, took());
  }

  /**
   * Drops the channel. The KILL is only a hint: sshd refuses it for a forced command, and even
   * where it is delivered the node's own bound ({@link RemoteBound}) is what the runner relies on.
   */
  private static void abort(ChannelExec channel) {
    try {
      channel.sendSignal("KILL");
    } catch (Exception ignored) {
      // Closing the channel below is what frees our side; the signal only spares the remote host.
    }
    channel.disconnect();
  }

  private CommandResult failed(String error) {
    return CommandResult.failed(argv, Outcome.FAILED, error, took());
  }

  private Duration took() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private int remainingMillis() {
    long ms = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ms));
  }

  private static String firstLine(String s) {
    String t = s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }
}
