package dev.corosyncexporter.corosync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corosyncexporter.parse.CorosyncConfig;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Member names as corosync-quorumtool prints them, through this machine's real libc: the nodelist
 * name, else the first address named back by getnameinfo. The lab test compares them with the
 * tool's output for a node without a name; here the pieces.
 */
class MemberNamesTest {

  @Test
  void aNamedNodeIsItsName() throws Exception {
    assertThat(MemberNames.load().of(config(new CorosyncConfig.Node(1, "pve1", 1)), 1))
        .isEqualTo("pve1");
  }

  /** getnameinfo through libc, as the tool calls it: /etc/hosts names 127.0.0.1 on Debian. */
  @Test
  void anUnnamedNodeIsItsFirstAddressNamedBack() throws Exception {
    String expected = InetAddress.getByName("127.0.0.1").getHostName();
    CorosyncConfig.Node unnamed = new CorosyncConfig.Node(2, "127.0.0.1", 1, false, "127.0.0.1");
    assertThat(MemberNames.load().of(config(unnamed), 2)).isEqualTo(expected).isNotEqualTo("");
  }

  @Test
  void aNodeTheConfigurationLacksHasNoName() throws Exception {
    assertThat(MemberNames.load().of(Optional.empty(), 2)).isEmpty();
    assertThat(MemberNames.load().of(config(new CorosyncConfig.Node(1, "pve1", 1)), 2)).isEmpty();
  }

  /** struct sockaddr_in and sockaddr_in6 as glibc lays them out on Linux (little-endian here). */
  @Test
  void socketAddressesHaveTheKernelsLayout() throws Exception {
    byte[] v4 = MemberNames.sockaddr(InetAddress.getByName("192.0.2.12"));
    assertThat(v4).hasSize(16);
    assertThat(v4).startsWith(2, 0, 0, 0, (byte) 192, 0, 2, 12);
    byte[] v6 = MemberNames.sockaddr(InetAddress.getByName("2001:db8::1"));
    assertThat(v6).hasSize(28);
    assertThat(v6[0]).isEqualTo((byte) 10);
    assertThat(v6[8]).isEqualTo((byte) 0x20);
    assertThat(v6[23]).isEqualTo((byte) 1);
  }

  private static Optional<CorosyncConfig> config(CorosyncConfig.Node... nodes) {
    return Optional.of(
        new CorosyncConfig(
            "lab",
            OptionalLong.of(1),
            List.of(nodes),
            1,
            Optional.empty(),
            OptionalInt.empty(),
            1,
            CorosyncConfig.Timeouts.NONE));
  }
}
