package dev.corosyncexporter.central;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import dev.corosyncexporter.command.CommandResult;
import dev.corosyncexporter.command.CommandResult.Outcome;
import dev.corosyncexporter.command.CommandRunner;
import dev.corosyncexporter.command.Watch;
import dev.corosyncexporter.config.NodeTarget;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs commands on one node over a single long-lived SSH session. Each command gets its own exec
 * channel on that session, so concurrent runs share one TCP connection and one handshake.
 *
 * <p>The session is opened lazily on the first run. If it breaks, the next run reconnects; if
 * connecting fails, further attempts wait an exponentially growing backoff and runs in between
 * fail at once instead of each paying a connect timeout.
 *
 * <p>Each run's deadline is the caller's timeout, capped by the node's {@code command_timeout}.
 */
public final class SshCommandRunner implements CommandRunner, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SshCommandRunner.class);
  private static final String UNSENDABLE = "argv must be non-empty and free of NUL bytes";

  private final NodeTarget node;
  private final SshRunnerOptions options;
  private final Semaphore channels;
  private final Object sessionLock = new Object();
  private final ReconnectBackoff backoff; // guarded by sessionLock
  private Session session; // guarded by sessionLock
  private boolean closed; // guarded by sessionLock

  public SshCommandRunner(NodeTarget node) {
    this(node, SshRunnerOptions.defaults());
  }

  public SshCommandRunner(NodeTarget node, SshRunnerOptions options) {
    this.node = node;
    this.options = options;
    this.channels = new Semaphore(options.maxChannels(), true);
    this.backoff = new ReconnectBackoff(options.initialBackoff(), options.maxBackoff());
  }

  public NodeTarget node() {
    return node;
  }

  @Override
  public String target() {
    return node.uri();
  }

  @Override
  public CommandResult run(List<String> argv, Duration timeout) {
    if (argv == null || timeout == null || argv.stream().anyMatch(Objects::isNull)) {
      List<String> shown = argv == null ? List.of() : argv.stream().map(String::valueOf).toList();
      return CommandResult.failed(shown, Outcome.FAILED, "argv, its elements and timeout must not be null", Duration.ZERO);
    }
    long start = System.nanoTime();
    CommandResult result;
    try {
      long deadline = start + Math.max(0, capped(timeout).toNanos());
      result = runWithin(argv, start, deadline);
    } catch (RuntimeException e) {
      // The interface promises no exceptions; a JSch surprise must not escape into a scrape.
      LOG.warn("{}: unexpected error running {}", target(), argv, e);
      result = CommandResult.failed(argv, Outcome.FAILED, "unexpected error: " + e, Duration.ofNanos(System.nanoTime() - start));
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("{}: {} -> {} in {} ms", target(), argv.isEmpty() ? "" : argv.get(0), result.outcome(),
          result.duration().toMillis());
    }
    return result;
  }

  private CommandResult runWithin(List<String> argv, long start, long deadline) {
    if (!sendable(argv)) {
      return CommandResult.failed(argv, Outcome.FAILED, UNSENDABLE, Duration.ZERO);
    }
    try {
      if (!channels.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        return CommandResult.failed(argv, Outcome.TIMED_OUT, "no free SSH channel to " + node.address()
            + " before the deadline", Duration.ofNanos(System.nanoTime() - start));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CommandResult.failed(argv, Outcome.FAILED, "interrupted", Duration.ofNanos(System.nanoTime() - start));
    }
    try {
      Session s;
      try {
        s = session();
      } catch (SshConnectException e) {
        return CommandResult.failed(argv, Outcome.FAILED, e.getMessage(), Duration.ofNanos(System.nanoTime() - start));
      }
      ExecCall call = new ExecCall(s, argv, node.address(), options.maxOutputBytes(), start, deadline);
      CommandResult result = call.run();
      if (call.sessionSuspect()) {
        discard(s);
      }
      return result;
    } finally {
      channels.release();
    }
  }

  /**
   * Starts a watcher on its own channel of the node's session. Watchers do not count against the
   * channels for commands: the default 8 plus one watcher stay within OpenSSH's MaxSessions (10).
   */
  @Override
  public Watch watch(List<String> argv, Duration startTimeout, Consumer<String> onLine, Runnable onExit)
      throws IOException {
    if (argv == null || argv.stream().anyMatch(Objects::isNull) || !sendable(argv)) {
      throw new IOException(UNSENDABLE);
    }
    Session s;
    try {
      s = session();
    } catch (SshConnectException e) {
      throw new IOException(e.getMessage(), e);
    }
    ChannelExec channel = null;
    try {
      channel = (ChannelExec) s.openChannel("exec");
      channel.setCommand(ShellQuoting.commandLine(argv));
      // JSch closes this stream when the remote end is done: that is onExit.
      channel.setOutputStream(new LineEvents(onLine, onExit));
      channel.setErrStream(OutputStream.nullOutputStream());
      channel.connect((int) Math.max(1, Math.min(Integer.MAX_VALUE, capped(startTimeout).toMillis())));
      return new SshWatch(s, channel);
    } catch (JSchException | RuntimeException e) {
      if (channel != null) {
        channel.disconnect();
      }
      throw new IOException("cannot start " + argv.get(0) + " on " + node.address() + ": " + e.getMessage(), e);
    }
  }

  /** The caller's timeout, never longer than the node's command_timeout. */
  private Duration capped(Duration timeout) {
    Duration limit = node.ssh().commandTimeout();
    return timeout.compareTo(limit) < 0 ? timeout : limit;
  }

  /** A command line cannot carry NUL, and an empty one would start the login shell. */
  private static boolean sendable(List<String> argv) {
    return !argv.isEmpty() && argv.stream().noneMatch(a -> a.indexOf('\0') >= 0);
  }

  /** The live session, connecting first if there is none and the backoff allows it. */
  private Session session() throws SshConnectException {
    synchronized (sessionLock) {
      if (closed) {
        throw new SshConnectException("runner for " + target() + " is closed");
      }
      if (session != null && session.isConnected()) {
        return session;
      }
      if (session != null) {
        LOG.info("{}: SSH session lost, reconnecting", target());
        session.disconnect();
        session = null;
      }
      long now = System.nanoTime();
      var blocked = backoff.blocked(now);
      if (blocked.isPresent()) {
        throw new SshConnectException(blocked.get());
      }
      try {
        session = SshConnector.open(node);
      } catch (SshConnectException e) {
        backoff.failed(e.getMessage(), now);
        LOG.warn("{}: {} (attempt {}, next in {} ms)", target(), e.getMessage(), backoff.failures(),
            backoff.delayAfter(backoff.failures()).toMillis());
        throw e;
      }
      if (backoff.failures() > 0) {
        LOG.info("{}: connected after {} failed attempts", target(), backoff.failures());
      } else {
        LOG.debug("{}: connected", target());
      }
      backoff.succeeded();
      return session;
    }
  }

  /** Forgets {@code stale} so that the next run connects afresh; a no-op if it was already replaced. */
  private void discard(Session stale) {
    synchronized (sessionLock) {
      if (session == stale) {
        LOG.info("{}: SSH session stopped answering, dropping it", target());
        session.disconnect();
        session = null;
      }
    }
  }

  /** Drops the session; later runs fail instead of reconnecting. */
  @Override
  public void close() {
    synchronized (sessionLock) {
      closed = true;
      if (session != null) {
        session.disconnect();
        session = null;
      }
    }
  }
}
