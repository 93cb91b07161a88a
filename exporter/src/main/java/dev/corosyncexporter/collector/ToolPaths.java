package dev.corosyncexporter.collector;

/** Absolute paths of the tools, so that nothing depends on $PATH. Defaults are Debian's and Proxmox's. */
public record ToolPaths(
    String quorumtool, String cfgtool, String cmapctl, String qdeviceTool, String qnetdTool, String pvecm) {

  public static final String QUORUMTOOL = "/usr/sbin/corosync-quorumtool";
  public static final String CFGTOOL = "/usr/sbin/corosync-cfgtool";
  public static final String CMAPCTL = "/usr/sbin/corosync-cmapctl";
  public static final String QDEVICE_TOOL = "/usr/sbin/corosync-qdevice-tool";
  public static final String QNETD_TOOL = "/usr/bin/corosync-qnetd-tool";
  public static final String PVECM = "/usr/bin/pvecm";

  public static final ToolPaths DEBIAN = new ToolPaths(QUORUMTOOL, CFGTOOL, CMAPCTL, QDEVICE_TOOL, QNETD_TOOL, PVECM);
}
