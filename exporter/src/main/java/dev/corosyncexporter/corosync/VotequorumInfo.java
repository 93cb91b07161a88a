package dev.corosyncexporter.corosync;

import com.sun.jna.Native;
import com.sun.jna.Structure;

/** {@code struct votequorum_info} (votequorum.h): 292 bytes on x86_64 and aarch64. */
@Structure.FieldOrder({
  "nodeId",
  "nodeState",
  "nodeVotes",
  "nodeExpectedVotes",
  "highestExpected",
  "totalVotes",
  "quorum",
  "flags",
  "qdeviceVotes",
  "qdeviceName"
})
public final class VotequorumInfo extends Structure {
  public static final int TWONODE = 1;
  public static final int QUORATE = 2;
  public static final int WAIT_FOR_ALL = 4;
  public static final int LAST_MAN_STANDING = 8;
  public static final int AUTO_TIE_BREAKER = 16;
  public static final int ALLOW_DOWNSCALE = 32;
  public static final int QDEVICE_REGISTERED = 64;
  public static final int QDEVICE_ALIVE = 128;
  public static final int QDEVICE_CAST_VOTE = 256;
  public static final int QDEVICE_MASTER_WINS = 512;

  public static final int NODESTATE_MEMBER = 1;

  public int nodeId;
  public int nodeState;
  public int nodeVotes;
  public int nodeExpectedVotes;
  public int highestExpected;
  public int totalVotes;
  public int quorum;
  public int flags;
  public int qdeviceVotes;
  public byte[] qdeviceName = new byte[255];

  public String qdeviceNameString() {
    return Native.toString(qdeviceName, "UTF-8");
  }

  public boolean has(int flag) {
    return (flags & flag) != 0;
  }
}
