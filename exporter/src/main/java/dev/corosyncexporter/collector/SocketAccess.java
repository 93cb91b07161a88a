package dev.corosyncexporter.collector;

import dev.corosyncexporter.command.CommandResult;

/**
 * corosync-qdevice-tool and corosync-qnetd-tool exit 3 both when their daemon is not running and
 * when its unix socket refuses this user. The first is data (the daemon is down); the second says
 * nothing about the daemon, so it fails the collector with a reason that says what to do.
 */
final class SocketAccess {
  /** The tools' exit code when they cannot connect to their daemon's socket. */
  static final int EXIT_CANNOT_CONNECT = 3;

  private SocketAccess() {}

  /** True when the run could not connect because the socket's permissions refused this user. */
  static boolean refused(CommandResult result) {
    // strerror(EACCES) after the tool's own "Can't connect to ... socket" text.
    return result.exitedWith(EXIT_CANNOT_CONNECT) && result.stderr().contains("Permission denied");
  }

  /**
   * The daemons create the socket with their umask (0755) in a root-only directory and have no
   * option for its mode or group; the socket also accepts the shutdown command (-H), so the package
   * does not open it to the exporter's user.
   */
  static CollectionException refusal(CommandResult result, String daemon) {
    return new CollectionException(
        result.describe()
            + ": "
            + daemon
            + "'s socket is root-only and has no read-only mode; run the exporter as root for"
            + " this collector, or use central mode's sudo rule (see README, Running it on a"
            + " Proxmox VE node)");
  }
}
