package dev.corosyncexporter.socket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Asks corosync-qdevice or corosync-qnetd over its unix socket, as their tools do, without starting
 * the tool: one {@link DaemonRequest} out, the reply read until the daemon closes the connection.
 * Never throws; every failure is a {@link DaemonReply}.
 *
 * <p>Neither side has a timeout: a stopped daemon (SIGSTOP, or stuck in a call into a frozen
 * corosync) accepts the connection in the kernel and never answers, and Java's unix-domain channels
 * have no read timeout. So the channel is non-blocking and every wait is a {@link Selector} wait on
 * the caller's own thread, bounded by the time allowed; at the end the channel is closed. No thread
 * is started, and none is left behind: a call costs three descriptors (the socket, the selector's
 * epoll and its wakeup), all closed when it returns. Non-blocking also means that a full listen
 * backlog (a daemon that stopped accepting, with 11 connections queued) fails at once (EAGAIN)
 * instead of waiting for the deadline.
 */
public final class DaemonSocket {
  private static final int READ_CHUNK = 8192;

  private final Path path;

  public DaemonSocket(Path path) {
    this.path = path;
  }

  public Path path() {
    return path;
  }

  /** Sends {@code request} and reads the reply, all within {@code timeout}. */
  public DaemonReply ask(DaemonRequest request, Duration timeout) {
    long start = System.nanoTime();
    long end = start + Math.max(0, timeout.toNanos());
    // Closed in reverse order: the selector first, which deregisters the channel, so that closing
    // the channel then closes its descriptor at once.
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = Selector.open()) {
      channel.configureBlocking(false);
      DaemonReply notConnected = connect(channel, selector, request, start, end);
      if (notConnected != null) {
        return notConnected;
      }
      ByteBuffer out = ByteBuffer.wrap(request.bytes());
      while (out.hasRemaining()) {
        if (channel.write(out) == 0 && !ready(channel, selector, SelectionKey.OP_WRITE, end)) {
          return timedOut(request, start, ": connected, the request not taken");
        }
      }
      // Nothing more is sent: bytes left unread in the daemon's queue when it closes could turn
      // its close into a reset.
      ByteArrayOutputStream reply = new ByteArrayOutputStream(READ_CHUNK);
      ByteBuffer in = ByteBuffer.allocate(READ_CHUNK);
      while (true) {
        int n = channel.read(in);
        if (n < 0) {
          return DaemonReply.fromWire(path, request, reply.toByteArray(), since(start));
        }
        if (n == 0) {
          if (!ready(channel, selector, SelectionKey.OP_READ, end)) {
            return timedOut(
                request,
                start,
                ": the daemon took the request but did not answer (stopped, or stuck in a call)");
          }
          continue;
        }
        if (reply.size() + n > request.maxReplyBytes()) {
          return reply(
              request,
              DaemonReply.Outcome.FAILED,
              "the reply exceeded " + request.maxReplyBytes() + " bytes",
              start);
        }
        reply.write(in.array(), 0, n);
        in.clear();
      }
    } catch (InterruptedIOException e) {
      Thread.currentThread().interrupt();
      return reply(request, DaemonReply.Outcome.FAILED, "interrupted", start);
    } catch (IOException e) {
      return reply(request, DaemonReply.Outcome.FAILED, String.valueOf(e.getMessage()), start);
    }
  }

  /**
   * Connects; null when connected, else the reply that says why not. The JDK reports connect's
   * errno by exception class (ECONNREFUSED a ConnectException, EACCES a BindException, the rest a
   * SocketException), whose message may be in the system's language: so the class decides, never
   * the message.
   */
  private DaemonReply connect(
      SocketChannel channel, Selector selector, DaemonRequest request, long start, long end)
      throws IOException {
    try {
      // A unix-domain connect completes at once or fails (EAGAIN on a full backlog); the pending
      // case is handled anyway, as the API allows it.
      if (!channel.connect(UnixDomainSocketAddress.of(path))) {
        if (!ready(channel, selector, SelectionKey.OP_CONNECT, end)) {
          return timedOut(request, start, ": connecting");
        }
        channel.finishConnect();
      }
      return null;
    } catch (ConnectException e) {
      return reply(
          request,
          DaemonReply.Outcome.NOT_RUNNING,
          "nothing listens on its socket: " + e.getMessage(),
          start);
    } catch (BindException e) {
      return reply(
          request, DaemonReply.Outcome.REFUSED, "cannot connect: " + e.getMessage(), start);
    } catch (SocketException e) {
      if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        return reply(request, DaemonReply.Outcome.NOT_RUNNING, "no socket", start);
      }
      return reply(
          request,
          DaemonReply.Outcome.FAILED,
          "cannot connect: "
              + e.getMessage()
              + " (a full listen backlog means the daemon accepts no connection)",
          start);
    }
  }

  /**
   * Waits until the channel is ready for {@code ops}; false once {@code end} has passed.
   *
   * @throws InterruptedIOException when the calling thread is interrupted
   */
  private static boolean ready(SocketChannel channel, Selector selector, int ops, long end)
      throws IOException {
    channel.register(selector, ops);
    while (true) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedIOException("interrupted");
      }
      long left = end - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      // select(0) would wait for ever: at least 1 ms, rounded up.
      long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(left + 999_999));
      if (selector.select(millis) > 0) {
        selector.selectedKeys().clear();
        return true;
      }
    }
  }

  private DaemonReply timedOut(DaemonRequest request, long start, String where) {
    return reply(request, DaemonReply.Outcome.TIMED_OUT, where, start);
  }

  private DaemonReply reply(
      DaemonRequest request, DaemonReply.Outcome outcome, String text, long start) {
    return new DaemonReply(path, request, outcome, text, since(start));
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
