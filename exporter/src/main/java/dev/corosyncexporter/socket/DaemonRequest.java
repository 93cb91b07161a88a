package dev.corosyncexporter.socket;

import java.nio.charset.StandardCharsets;

/**
 * The only requests the exporter sends to corosync-qdevice and corosync-qnetd over their unix
 * sockets: exactly the bytes their tools send (the tools append a space to every word, then the
 * newline), and nothing else. The same sockets accept {@code shutdown} from anyone who can connect,
 * and the daemon then exits cleanly, which systemd does not restart: so a request is one of these
 * constants, never text built from configuration or input.
 */
public enum DaemonRequest {
  /** What {@code corosync-qdevice-tool -sv} sends. */
  QDEVICE_STATUS_VERBOSE("corosync-qdevice", "status verbose \n", DaemonRequest.QDEVICE_MAX_REPLY),
  /** What {@code corosync-qnetd-tool -s} sends. */
  QNETD_STATUS("corosync-qnetd", "status \n", DaemonRequest.QNETD_MAX_REPLY),
  /** What {@code corosync-qnetd-tool -lv} sends. */
  QNETD_LIST_VERBOSE("corosync-qnetd", "list verbose \n", DaemonRequest.QNETD_MAX_REPLY);

  /**
   * corosync-qdevice's own limit on a reply, {@code OK\n} included (its ipc_max_send_size default):
   * it never sends more, so more comes from something that is not the daemon.
   */
  static final int QDEVICE_MAX_REPLY = 64 * 1024;

  /**
   * corosync-qnetd would send up to 10 MiB (its ipc_max_send_size), but the tool path accepts at
   * most 2 MiB of a tool's stdout (LocalCommandRunner): the same cap here, so the two sources
   * accept the same answers, and a reply with its decoded text stays within what the 32 MiB heap of
   * packaging/jvm.options can afford beside the other collectors. A client of {@code list verbose}
   * takes about 350 bytes, so 2 MiB is some 6000 connected nodes.
   */
  static final int QNETD_MAX_REPLY = 2 * 1024 * 1024;

  private final String daemon;
  private final String line;
  private final int maxReplyBytes;

  DaemonRequest(String daemon, String line, int maxReplyBytes) {
    this.daemon = daemon;
    this.line = line;
    this.maxReplyBytes = maxReplyBytes;
  }

  /** The daemon that answers it: "corosync-qdevice" or "corosync-qnetd". */
  public String daemon() {
    return daemon;
  }

  /** The bytes on the wire. */
  public byte[] bytes() {
    return line.getBytes(StandardCharsets.US_ASCII);
  }

  /** The most reply bytes (status line included) accepted. */
  public int maxReplyBytes() {
    return maxReplyBytes;
  }

  /** For logs: the request without its trailing space and newline, e.g. "status verbose". */
  @Override
  public String toString() {
    return line.strip();
  }
}
