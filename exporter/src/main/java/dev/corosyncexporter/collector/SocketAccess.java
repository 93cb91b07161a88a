package dev.corosyncexporter.collector;

import dev.corosyncexporter.command.CommandResult;
import dev.corosyncexporter.socket.DaemonReply;

/**
 * corosync-qdevice-tool and corosync-qnetd-tool exit 3 both when their daemon is not running and
 * when its unix socket refuses this user. The first is data (the daemon is down); the second says
 * nothing about the daemon, so it fails the collector with a reason that says what to do. The
 * socket source ({@link DaemonReply}) tells the two apart itself and gets the same treatment.
 */
final class SocketAccess {
  /** The tools' exit code when they cannot connect to their daemon's socket. */
  static final int EXIT_CANNOT_CONNECT = 3;

  private SocketAccess() {}

  /**
   * Whether the daemon answered (exit 0); false when it is not running, which is data (its _up is
   * 0). Written once for both tools, since they share the exit code and the refusal.
   *
   * @throws CollectionException when the socket refused this user, or the tool failed otherwise
   */
  static boolean daemonAnswered(CommandResult result, String daemon) throws CollectionException {
    if (refused(result)) {
      throw refusal(result.describe(), daemon);
    }
    if (result.exitedWith(EXIT_CANNOT_CONNECT)) {
      return false;
    }
    if (!result.exitedWith(0)) {
      throw CollectionException.of(result);
    }
    return true;
  }

  /**
   * The same for an answer over the socket: true when it is OK, false when the daemon is not
   * running.
   *
   * @throws CollectionException when the socket refused this user (with the same reason as the
   *     tool's refusal), the daemon answered Error, or the request failed otherwise
   */
  static boolean daemonAnswered(DaemonReply reply) throws CollectionException {
    return switch (reply.outcome()) {
      case OK -> true;
      case NOT_RUNNING -> false;
      case REFUSED -> throw refusal(reply.describe(), reply.request().daemon());
      case DAEMON_ERROR, TIMED_OUT, FAILED -> throw new CollectionException(reply.describe());
    };
  }

  /** True when the run could not connect because the socket's permissions refused this user. */
  static boolean refused(CommandResult result) {
    // strerror(EACCES) after the tool's own "Can't connect to ... socket" text.
    return result.exitedWith(EXIT_CANNOT_CONNECT) && result.stderr().contains("Permission denied");
  }

  /**
   * The daemons (3.0.3) create the socket with their umask (0755) in a 0770 runtime directory and
   * have no option for its mode or group. The Debian package's drop-ins open both to group
   * corosync-exporter after each start of the daemon; a refusal means that grant is missing (the
   * daemon has not been restarted since, or the exporter runs as another user).
   */
  static CollectionException refusal(String what, String daemon) {
    String shortName = daemon.replace("corosync-", "");
    return new CollectionException(
        what
            + ": "
            + daemon
            + "'s socket refuses this user; the Debian package lets group corosync-exporter"
            + " connect after each start of "
            + daemon
            + " (restart it once, or run /usr/lib/prometheus-corosync-exporter/grant-socket "
            + shortName
            + " as root); elsewhere run the exporter as root for this collector, or use central"
            + " mode's sudo rule");
  }
}
