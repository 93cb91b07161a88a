package dev.corosyncexporter.corosync;

import com.sun.jna.Native;
import dev.corosyncexporter.parse.CorosyncConfig;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The name corosync-quorumtool prints for a member ({@code node_name()} in
 * tools/corosync-quorumtool.c, 3.1): the nodelist {@code name}; for an entry without one, the
 * node's first address (its lowest link's) turned back into a host name by {@code getnameinfo}
 * without {@code NI_NUMERICHOST}, which prints the address itself where no name is found. The
 * connection path calls the same libc function, so a node named by /etc/hosts or DNS gets the name
 * the tool shows.
 *
 * <p>quorumtool takes the address corosync resolved ({@code corosync_cfg_get_node_addrs}); here a
 * configured host name is resolved by Java's resolver, which prefers IPv4 where corosync's default
 * {@code ip_version: ipv6-4} prefers IPv6 (only a host name with both kinds of address can differ).
 * Lookups are kept for {@link #KEEP_MILLIS}, so a scrape waits for DNS at most once in that time,
 * where quorumtool waits on every run.
 */
public final class MemberNames {
  static final long KEEP_MILLIS = 10 * 60 * 1000L;
  private static final int AF_INET = 2;
  private static final int AF_INET6 = 10;
  private static final int NI_MAXHOST = 1025;
  private static final int MAX_KEPT = 1024;

  private record Kept(String name, long until) {}

  private final Map<String, Kept> kept = new ConcurrentHashMap<>();
  private final NativeLibraries.Libc libc;

  private MemberNames(NativeLibraries.Libc libc) {
    this.libc = libc;
  }

  /** With this machine's C library. */
  public static MemberNames load() throws CorosyncException {
    return new MemberNames(NativeLibraries.load(NativeLibraries.LIBC, NativeLibraries.Libc.class));
  }

  /** The name quorumtool prints for {@code nodeId}, or "" when the configuration lacks it. */
  public String of(Optional<CorosyncConfig> config, long nodeId) {
    Optional<CorosyncConfig.Node> node = config.flatMap(c -> c.node(nodeId));
    if (node.isEmpty()) {
      return "";
    }
    if (node.get().named() || node.get().firstAddress().isEmpty()) {
      return node.get().name();
    }
    return resolve(node.get().firstAddress());
  }

  /** {@code address} as getnameinfo names it (flags 0), kept for a while. */
  String resolve(String address) {
    long now = System.currentTimeMillis();
    Kept k = kept.get(address);
    if (k != null && k.until() > now) {
      return k.name();
    }
    String name = lookUp(address);
    if (kept.size() >= MAX_KEPT) {
      kept.clear();
    }
    kept.put(address, new Kept(name, now + KEEP_MILLIS));
    return name;
  }

  private String lookUp(String address) {
    InetAddress ip;
    try {
      ip = InetAddress.getByName(address);
    } catch (UnknownHostException | SecurityException e) {
      // corosync could not have started with an address it cannot resolve; print it as written.
      return address;
    }
    byte[] sockaddr = sockaddr(ip);
    byte[] host = new byte[NI_MAXHOST];
    int rc = libc.getnameinfo(sockaddr, sockaddr.length, host, host.length, null, 0, 0);
    if (rc != 0) {
      // quorumtool leaves the name empty when getnameinfo fails.
      return "";
    }
    return Native.toString(host, StandardCharsets.UTF_8.name());
  }

  /** struct sockaddr_in / sockaddr_in6 for {@code ip}, port 0, in this machine's byte order. */
  static byte[] sockaddr(InetAddress ip) {
    byte[] addr = ip.getAddress();
    ByteBuffer b;
    if (ip instanceof Inet4Address) {
      b = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
      b.putShort((short) AF_INET).putShort((short) 0).put(addr);
    } else {
      b = ByteBuffer.allocate(28).order(ByteOrder.nativeOrder());
      b.putShort((short) AF_INET6).putShort((short) 0).putInt(0).put(addr);
      b.putInt(((Inet6Address) ip).getScopeId());
    }
    return b.array();
  }
}
