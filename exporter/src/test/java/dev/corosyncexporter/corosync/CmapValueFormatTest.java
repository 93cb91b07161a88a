package dev.corosyncexporter.corosync;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Memory;
import com.sun.jna.ptr.LongByReference;
import org.junit.jupiter.api.Test;

/**
 * Values read over the connection are printed as corosync-cmapctl prints them, so the parsers of
 * the tool path read both alike.
 */
class CmapValueFormatTest {
  private static final int FLT = 9;
  private static final int DBL = 10;
  private static final int U64 = 8;

  @Test
  void floatsAsPrintfF() {
    // stats.schedmiss.0.delay as cmapctl printed it in the lab: "3531.353027".
    Memory m = new Memory(8);
    m.setFloat(0, 3531.353027f);
    assertThat(CmapConnection.format(m, FLT, new LongByReference(4))).isEqualTo("3531.353027");
    m.setFloat(0, 0.00001f);
    assertThat(CmapConnection.format(m, FLT, new LongByReference(4))).isEqualTo("0.000010");
    m.setDouble(0, 0.0);
    assertThat(CmapConnection.format(m, DBL, new LongByReference(8))).isEqualTo("0.000000");
  }

  @Test
  void unsigned64BitTimestamps() {
    Memory m = new Memory(8);
    m.setLong(0, 1796672754707L);
    assertThat(CmapConnection.format(m, U64, new LongByReference(8))).isEqualTo("1796672754707");
  }
}
