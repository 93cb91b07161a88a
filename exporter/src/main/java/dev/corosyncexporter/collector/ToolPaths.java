package dev.corosyncexporter.collector;

/** Absolute paths of the tools, so that nothing depends on $PATH. Defaults are Debian's and Proxmox's. */
public record ToolPaths(
    String quorumtool, String cfgtool, String cmapctl, String qdeviceTool, String qnetdTool, String pvecm) {

  public static final ToolPaths DEBIAN =
      new ToolPaths(
          "/usr/sbin/corosync-quorumtool",
          "/usr/sbin/corosync-cfgtool",
          "/usr/sbin/corosync-cmapctl",
          "/usr/sbin/corosync-qdevice-tool",
          "/usr/bin/corosync-qnetd-tool",
          "/usr/bin/pvecm");

  /** For remote nodes: the tool names, resolved by the remote $PATH. */
  public static final ToolPaths BY_NAME =
      new ToolPaths(
          "corosync-quorumtool", "corosync-cfgtool", "corosync-cmapctl", "corosync-qdevice-tool", "corosync-qnetd-tool", "pvecm");
}
