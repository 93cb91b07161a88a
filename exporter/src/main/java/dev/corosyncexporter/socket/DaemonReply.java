package dev.corosyncexporter.socket;

import dev.corosyncexporter.command.ToolText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * What one request over a daemon's socket came to. Every failure is a reply too, so that callers
 * never catch anything; {@link #text} holds the body, the daemon's error message or the reason.
 */
public record DaemonReply(
    Path socket, DaemonRequest request, Outcome outcome, String text, Duration duration) {

  public enum Outcome {
    /** {@code OK}: {@link #text} is the body, byte for byte what the tool prints on stdout. */
    OK,
    /** {@code Error}: {@link #text} is the daemon's message (the tool's exit 4). */
    DAEMON_ERROR,
    /**
     * No socket, or nothing listening on it (one left by a daemon that was killed): the daemon is
     * not running, which is data. The tool's exit 3.
     */
    NOT_RUNNING,
    /**
     * The socket's or its directory's permissions refuse this user (EACCES). Says nothing about the
     * daemon.
     */
    REFUSED,
    /** No complete reply by the time allowed. */
    TIMED_OUT,
    /**
     * Anything else: an empty reply, a status line that is neither OK nor Error, a reply over the
     * cap, a full listen backlog, an I/O error. {@link #text} says which.
     */
    FAILED
  }

  /** The tool's limit on the status line (IPC_READ_BUF_SIZE less its NUL). */
  static final int MAX_STATUS_LINE = 511;

  /**
   * Reads a complete reply: the status line, then the body. The status line is compared as the tool
   * compares it: {@code \r} dropped, case ignored.
   */
  static DaemonReply fromWire(Path socket, DaemonRequest request, byte[] reply, Duration took) {
    int nl = indexOf(reply, (byte) '\n');
    if (reply.length == 0) {
      return failed(
          socket,
          request,
          "the daemon closed the connection without a reply (it does so at its limit of IPC"
              + " clients, 10 by default; its log says so)",
          took);
    }
    if (nl < 0 || nl > MAX_STATUS_LINE) {
      return failed(
          socket,
          request,
          "the reply has no status line: " + ToolText.forLog(latin1(reply, 0, reply.length)),
          took);
    }
    String status = latin1(reply, 0, nl).replace("\r", "").toLowerCase(Locale.ROOT);
    // The body is decoded as the tool path decodes a tool's stdout, so both give the parsers the
    // same text.
    String body = new String(reply, nl + 1, reply.length - nl - 1, StandardCharsets.UTF_8);
    return switch (status) {
      case "ok" -> new DaemonReply(socket, request, Outcome.OK, body, took);
      case "error" -> new DaemonReply(socket, request, Outcome.DAEMON_ERROR, body.strip(), took);
      default ->
          failed(
              socket,
              request,
              "the status line is neither OK nor Error: " + ToolText.forLog(latin1(reply, 0, nl)),
              took);
    };
  }

  static DaemonReply failed(Path socket, DaemonRequest request, String reason, Duration took) {
    return new DaemonReply(socket, request, Outcome.FAILED, reason, took);
  }

  public boolean ok() {
    return outcome == Outcome.OK;
  }

  /**
   * One line for logs and error messages: the socket, the request, how it ended. What came from the
   * daemon is escaped and cut by {@link ToolText}.
   */
  public String describe() {
    String what = socket + " \"" + request + "\"";
    return switch (outcome) {
      case OK -> what + ": answered";
      case DAEMON_ERROR -> what + ": the daemon answered Error: " + ToolText.forLog(text);
      case NOT_RUNNING -> what + ": " + request.daemon() + " is not running (" + text + ")";
      case REFUSED, FAILED -> what + ": " + text;
      case TIMED_OUT -> what + ": timed out after " + duration.toMillis() + " ms" + text;
    };
  }

  private static int indexOf(byte[] b, byte value) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] == value) {
        return i;
      }
    }
    return -1;
  }

  private static String latin1(byte[] b, int from, int to) {
    return new String(
        Arrays.copyOfRange(b, from, Math.min(to, from + 4 * ToolText.MAX_CHARS)),
        StandardCharsets.ISO_8859_1);
  }
}
