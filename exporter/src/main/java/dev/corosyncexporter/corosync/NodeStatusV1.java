package dev.corosyncexporter.corosync;

import com.sun.jna.Structure;

/**
 * {@code struct corosync_cfg_node_status_v1} (cfg.h, corosync ≥ 3.1): 4176 bytes, links at offset
 * 16.
 */
@Structure.FieldOrder({
  "version",
  "nodeid",
  "reachable",
  "remote",
  "external",
  "onwireMin",
  "onwireMax",
  "onwireVer",
  "linkStatus"
})
public final class NodeStatusV1 extends Structure {
  public static final int VERSION_1 = 1;
  public static final int MAX_LINKS = 8;

  public int version = VERSION_1;
  public int nodeid;
  public byte reachable;
  public byte remote;
  public byte external;
  public byte onwireMin;
  public byte onwireMax;
  public byte onwireVer;
  public KnetLinkStatusV1[] linkStatus = new KnetLinkStatusV1[MAX_LINKS];

  /** {@code struct corosync_knet_link_status_v1}: 520 bytes. */
  @Structure.FieldOrder({"enabled", "connected", "dynconnected", "mtu", "srcIpaddr", "dstIpaddr"})
  public static class KnetLinkStatusV1 extends Structure {
    public byte enabled;
    public byte connected;
    public byte dynconnected;
    public int mtu;
    public byte[] srcIpaddr = new byte[256];
    public byte[] dstIpaddr = new byte[256];
  }
}
