package dev.corosyncexporter.ssh;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import dev.corosyncexporter.command.CommandResult;
import dev.corosyncexporter.command.CommandResult.Outcome;
import dev.corosyncexporter.command.CommandRunner;
import dev.corosyncexporter.command.Watch;
import dev.corosyncexporter.concurrent.Backoff;
import dev.corosyncexporter.config.NodeTarget;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs commands on one node over a single long-lived SSH session. Each command gets its own exec
 * channel on that session, so concurrent runs share one TCP connection and one handshake.
 *
 * <p>The session is opened lazily on the first run. If it breaks, the next run reconnects; if
 * connecting fails, further attempts wait an exponentially growing backoff, counted from the end of
 * the failed attempt, and runs in between fail at once instead of each paying a connect timeout.
 *
 * <p>Each run's deadline is the caller's timeout, capped by the node's {@code command_timeout}. No
 * run waits past it, whatever it waits for: a free channel, or a connect in progress (which runs on
 * a thread of its own, so that it may finish for the next run). The remote command itself is
 * bounded on the node by {@link RemoteBound}, because nothing the client does on its side ends it.
 */
public final class SshCommandRunner implements CommandRunner, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SshCommandRunner.class);
  private static final String UNSENDABLE = "argv must be non-empty and free of NUL bytes";

  private final NodeTarget node;
  private final SshRunnerOptions options;
  private final Semaphore channels;
  // Held only to read or change the fields below, never across network I/O.
  private final Object sessionLock = new Object();
  private final Backoff backoff; // guarded by sessionLock
  private Session session; // guarded by sessionLock
  private CompletableFuture<Session> connecting; // guarded by sessionLock; the connect in progress
  private boolean closed; // guarded by sessionLock
  private long sessionsOpened; // guarded by sessionLock; the current session's sessionId()

  public SshCommandRunner(NodeTarget node, SshRunnerOptions options) {
    this.node = node;
    this.options = options;
    this.channels = new Semaphore(options.maxChannels(), true);
    this.backoff = new Backoff(options.initialBackoff(), options.maxBackoff());
  }

  @Override
  public String target() {
    return node.uri();
  }

  /** The number of sessions opened so far: each new session has a new one. */
  @Override
  public long sessionId() {
    synchronized (sessionLock) {
      return sessionsOpened;
    }
  }

  @Override
  public CommandResult run(List<String> argv, Duration timeout) {
    if (argv == null || timeout == null || argv.stream().anyMatch(Objects::isNull)) {
      List<String> shown = argv == null ? List.of() : argv.stream().map(String::valueOf).toList();
      return CommandResult.failed(
          shown, Outcome.FAILED, "argv, its elements and timeout must not be null", Duration.ZERO);
    }
    long start = System.nanoTime();
    CommandResult result;
    try {
      long deadline = start + Math.max(0, capped(timeout).toNanos());
      result = runWithin(argv, start, deadline);
    } catch (RuntimeException e) {
      // The interface promises no exceptions; a JSch surprise must not escape into a scrape.
      LOG.warn("{}: unexpected error running {}", target(), argv, e);
      result =
          CommandResult.failed(
              argv,
              Outcome.FAILED,
              "unexpected error: " + e,
              Duration.ofNanos(System.nanoTime() - start));
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "{}: {} -> {} in {} ms",
          target(),
          argv.isEmpty() ? "" : argv.get(0),
          result.outcome(),
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
        return CommandResult.failed(
            argv,
            Outcome.TIMED_OUT,
            "no free SSH channel to " + node.address() + " before the deadline",
            Duration.ofNanos(System.nanoTime() - start));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CommandResult.failed(
          argv, Outcome.FAILED, "interrupted", Duration.ofNanos(System.nanoTime() - start));
    }
    try {
      CommandResult result = runOnSession(argv, start, deadline);
      if (result == null) {
        // The session closed under us before the channel opened (a drop that JSch had not noticed
        // yet). The command most likely never reached the node, and every tool it may run is
        // read-only and bounded there: one more try, on a fresh session, is safe.
        result = runOnSession(argv, start, deadline);
      }
      return result != null
          ? result
          : CommandResult.failed(
              argv,
              Outcome.FAILED,
              "connection to " + node.address() + " lost",
              Duration.ofNanos(System.nanoTime() - start));
    } finally {
      channels.release();
    }
  }

  /**
   * One try on the current session; null if that session turned out closed before the command
   * started.
   */
  private CommandResult runOnSession(List<String> argv, long start, long deadline) {
    Session s;
    try {
      s = session(deadline);
    } catch (SshConnectException e) {
      return CommandResult.failed(
          argv, Outcome.FAILED, e.getMessage(), Duration.ofNanos(System.nanoTime() - start));
    } catch (TimeoutException e) {
      return CommandResult.failed(
          argv, Outcome.TIMED_OUT, e.getMessage(), Duration.ofNanos(System.nanoTime() - start));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CommandResult.failed(
          argv, Outcome.FAILED, "interrupted", Duration.ofNanos(System.nanoTime() - start));
    }
    long remaining = deadline - System.nanoTime();
    if (remaining <= 0) {
      // Not the session's fault: the wait for it used up the time. Sending nothing keeps it in use.
      return CommandResult.failed(
          argv,
          Outcome.TIMED_OUT,
          "timed out before the command could start",
          Duration.ofNanos(System.nanoTime() - start));
    }
    List<String> bounded = RemoteBound.around(argv, remaining);
    ExecCall call =
        new ExecCall(s, argv, bounded, node.address(), options.maxOutputBytes(), start, deadline);
    CommandResult result = call.run();
    if (call.sessionSuspect()) {
      discard(s, "SSH session stopped answering, dropping it");
    } else if (call.lostBeforeStart()) {
      discard(s, "SSH session lost, reconnecting");
    }
    return call.lostBeforeStart() ? null : result;
  }

  /**
   * Starts a watcher on its own channel of the node's session. Watchers do not count against the
   * channels for commands: the default 8 plus one watcher stay within OpenSSH's MaxSessions (10). A
   * watcher gets no {@link RemoteBound}: its argv carries its own ({@code timeout 300}).
   */
  @Override
  public Watch watch(
      List<String> argv, Duration startTimeout, Consumer<String> onLine, Runnable onExit)
      throws IOException {
    if (argv == null || argv.stream().anyMatch(Objects::isNull) || !sendable(argv)) {
      throw new IOException(UNSENDABLE);
    }
    long deadline = System.nanoTime() + capped(startTimeout).toNanos();
    Session s;
    try {
      s = session(deadline);
    } catch (SshConnectException | TimeoutException e) {
      throw new IOException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    ChannelExec channel = null;
    try {
      channel = (ChannelExec) s.openChannel("exec");
      if (channel == null) {
        // JSch answers null instead of throwing when the session goes down during the open.
        throw new JSchException("session is down");
      }
      channel.setCommand(ShellQuoting.commandLine(argv));
      // JSch closes this stream when the remote end is done: that is onExit.
      channel.setOutputStream(new LineEvents(onLine, onExit));
      channel.setErrStream(OutputStream.nullOutputStream());
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      channel.connect((int) Math.max(1, Math.min(Integer.MAX_VALUE, left)));
      return new SshWatch(s, channel);
    } catch (JSchException | RuntimeException e) {
      if (channel != null) {
        channel.disconnect();
      }
      throw new IOException(
          "cannot start " + argv.get(0) + " on " + node.address() + ": " + e.getMessage(), e);
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

  /**
   * The live session. Without one, starts a connect (unless the backoff forbids it) or joins the
   * one in progress, and waits for it until {@code deadline} at most.
   *
   * @throws TimeoutException if the deadline comes first; the connect goes on for later runs
   */
  private Session session(long deadline)
      throws SshConnectException, TimeoutException, InterruptedException {
    CompletableFuture<Session> pending;
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
      if (connecting == null) {
        Optional<Duration> blocked = backoff.blockedFor(System.nanoTime());
        if (blocked.isPresent()) {
          throw new SshConnectException(
              "reconnect backoff: last error: "
                  + backoff.lastError()
                  + " (next attempt in "
                  + Math.max(1, blocked.get().toMillis())
                  + " ms)");
        }
        CompletableFuture<Session> attempt = new CompletableFuture<>();
        connecting = attempt;
        Thread connector = new Thread(() -> connect(attempt), "ssh-connect-" + node.address());
        connector.setDaemon(true);
        connector.start();
      }
      pending = connecting;
    }
    try {
      return pending.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new TimeoutException(
          "timed out waiting for the SSH connection to "
              + node.address()
              + " (still connecting; connect_timeout "
              + node.ssh().connectTimeout().toMillis()
              + " ms)");
    } catch (ExecutionException e) {
      // A fresh exception: the failed attempt's own belongs to the connecting thread.
      throw new SshConnectException(
          e.getCause() instanceof SshConnectException c
              ? c.getMessage()
              : "SSH connection to " + node.address() + " failed: " + e.getCause());
    }
  }

  /** One connect attempt, on its own thread; installs the session or records the failure. */
  private void connect(CompletableFuture<Session> attempt) {
    Session opened = null;
    SshConnectException failure = null;
    try {
      opened = SshConnector.open(node);
    } catch (SshConnectException e) {
      failure = e;
    } catch (RuntimeException e) {
      failure = new SshConnectException("SSH connection to " + node.address() + " failed: " + e);
    }
    synchronized (sessionLock) {
      connecting = null;
      if (failure != null) {
        // Counted from the attempt's end: a node that accepts TCP and never answers takes a whole
        // connect_timeout per attempt, and must not be tried again at once.
        backoff.failed(failure.getMessage(), System.nanoTime());
        LOG.warn(
            "{}: {} (attempt {}, next in {} ms)",
            target(),
            failure.getMessage(),
            backoff.failures(),
            backoff.delayAfter(backoff.failures()).toMillis());
      } else if (closed) {
        opened.disconnect();
        failure = new SshConnectException("runner for " + target() + " is closed");
      } else {
        if (backoff.failures() > 0) {
          LOG.info("{}: connected after {} failed attempts", target(), backoff.failures());
        } else {
          LOG.debug("{}: connected", target());
        }
        backoff.succeeded();
        session = opened;
        sessionsOpened++;
      }
    }
    if (failure != null) {
      attempt.completeExceptionally(failure);
    } else {
      attempt.complete(opened);
    }
  }

  /**
   * Forgets {@code stale} so that the next run connects afresh; a no-op if it was already replaced.
   */
  private void discard(Session stale, String why) {
    synchronized (sessionLock) {
      if (session == stale) {
        LOG.info("{}: {}", target(), why);
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
