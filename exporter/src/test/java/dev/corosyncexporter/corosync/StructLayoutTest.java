package dev.corosyncexporter.corosync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The JNA layouts against what the C compiler makes of corosync's headers (Debian 12, corosync
 * 3.1.7, x86_64; gcc, sizeof/offsetof of votequorum.h). The values themselves are checked against
 * corosync-quorumtool on the lab (NativeConnectionLabIT).
 */
class StructLayoutTest {

  /** Structure.fieldOffset is protected: JNA's own computation, read as it is. */
  private static int offset(com.sun.jna.Structure s, String field) {
    try {
      java.lang.reflect.Method m =
          com.sun.jna.Structure.class.getDeclaredMethod("fieldOffset", String.class);
      m.setAccessible(true);
      return (int) m.invoke(s, field);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void votequorumInfo() {
    VotequorumInfo i = new VotequorumInfo();
    assertThat(i.size()).isEqualTo(292);
    assertThat(offset(i, "qdeviceVotes")).isEqualTo(32);
    assertThat(offset(i, "qdeviceName")).isEqualTo(36);
  }

  @Test
  void ringIdPassedByValue() {
    VotequorumRingId r = new VotequorumRingId.ByValue();
    assertThat(r.size()).isEqualTo(16);
    assertThat(offset(r, "seq")).isEqualTo(8);
  }

  @Test
  void callbacksAreThreePointers() {
    assertThat(new VotequorumCallbacks().size()).isEqualTo(24);
  }
}
