package dev.corosyncexporter.collector;

/** corosync's own tools, shared by the configuration source and several collectors. */
public final class CorosyncTools {
  private CorosyncTools() {}

  public static final Tool CMAPCTL = new Tool("corosync-cmapctl", "/usr/sbin/corosync-cmapctl");
  public static final Tool QUORUMTOOL =
      new Tool("corosync-quorumtool", "/usr/sbin/corosync-quorumtool");
  public static final Tool CFGTOOL = new Tool("corosync-cfgtool", "/usr/sbin/corosync-cfgtool");

  /**
   * Written by the package (Debian) or by pvecm create / join (Proxmox): this host is a cluster
   * node.
   */
  public static final String COROSYNC_CONF = "/etc/corosync/corosync.conf";
}
