package dev.corosyncexporter.corosync;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import dev.corosyncexporter.concurrent.GuardedThread;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A votequorum connection kept open across scrapes. Membership and ring id come from the nodelist
 * notification (tracked once, delivered on the owner thread by a non-blocking dispatch at each
 * read); votes, flags and QDevice state are asked afresh with {@code votequorum_getinfo} per member
 * each time, because votequorum sends no notification when they change.
 */
final class VotequorumConnection implements AutoCloseable {
  private static final int CS_DISPATCH_ALL = 2;
  private static final int CS_DISPATCH_ONE_NONBLOCKING = 4;
  private static final int CS_TRACK_CURRENT = 1;
  private static final int CS_TRACK_CHANGES = 2;

  /** How long a fresh connection waits for its first membership notification. */
  private static final Duration FIRST_NOTIFICATION = Duration.ofMillis(500);

  private final NativeLibraries.Votequorum lib;
  private final GuardedThread owner;
  private final ServiceHandle handle;

  // Referenced from fields: JNA frees a callback's native stub when its object is collected.
  private final NativeLibraries.NodelistNotification onNodelist = new OnNodelist();
  private final NativeLibraries.QuorumNotification onQuorum = new IgnoreQuorum();
  private final NativeLibraries.ExpectedVotesNotification onExpected = new IgnoreExpected();
  private final VotequorumCallbacks callbacks = new VotequorumCallbacks();

  // Written by the notification, which runs on the owner thread inside dispatch.
  private long ringNodeId;
  private long ringSequence;
  private long[] members;

  VotequorumConnection(NativeLibraries.Votequorum lib, Duration stuckAfter) {
    this.lib = lib;
    this.owner = OwnerThreads.start("votequorum", stuckAfter);
    this.handle = new ServiceHandle("votequorum", this::open, h -> lib.votequorum_finalize(h));
    callbacks.quorumNotify = onQuorum;
    callbacks.expectedVotesNotify = onExpected;
    callbacks.nodelistNotify = onNodelist;
  }

  private long open() throws CorosyncException {
    LongByReference ref = new LongByReference();
    int rc = lib.votequorum_initialize(ref, callbacks);
    if (rc != CsError.OK) {
      throw CorosyncException.of("votequorum_initialize", rc);
    }
    long h = ref.getValue();
    members = null;
    rc = lib.votequorum_trackstart(h, 0, CS_TRACK_CURRENT | CS_TRACK_CHANGES);
    if (rc != CsError.OK) {
      lib.votequorum_finalize(h);
      throw CorosyncException.of("votequorum_trackstart", rc);
    }
    return h;
  }

  /** The membership after a change (and the current one at trackstart). */
  private final class OnNodelist implements NativeLibraries.NodelistNotification {
    @Override
    public void invoke(
        long h, long context, VotequorumRingId.ByValue ringId, int entries, Pointer list) {
      ringNodeId = Integer.toUnsignedLong(ringId.nodeid);
      ringSequence = ringId.seq;
      long[] ids = new long[Math.max(0, entries)];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = Integer.toUnsignedLong(list.getInt(4L * i));
      }
      members = ids;
    }
  }

  /** Quorate comes from the quorum service and votes from getinfo: nothing to keep here. */
  private static final class IgnoreQuorum implements NativeLibraries.QuorumNotification {
    @Override
    public void invoke(long h, long context, int quorate, int entries, Pointer nodes) {}
  }

  private static final class IgnoreExpected implements NativeLibraries.ExpectedVotesNotification {
    @Override
    public void invoke(long h, long context, int expectedVotes) {}
  }

  /**
   * {@code votequorum_getinfo} of node 0 is the local node's (VOTEQUORUM_QDEVICE_NODEID is 0, and
   * votequorum.c answers it for {@code us}), with its id filled in.
   */
  private static final int LOCAL_NODE = 0;

  VotequorumView read(Duration wait) throws CorosyncException {
    return OwnerThreads.call(owner, "votequorum", "votequorum_getinfo", wait, this::readOnOwner);
  }

  private VotequorumView readOnOwner() throws CorosyncException {
    long h = handle.get();
    handle.check("votequorum_dispatch", lib.votequorum_dispatch(h, CS_DISPATCH_ALL));
    long waitUntil = System.nanoTime() + FIRST_NOTIFICATION.toNanos();
    while (members == null && System.nanoTime() - waitUntil < 0) {
      int rc = lib.votequorum_dispatch(h, CS_DISPATCH_ONE_NONBLOCKING);
      // TRY_AGAIN: nothing has arrived yet.
      if (rc != CsError.TRY_AGAIN) {
        handle.check("votequorum_dispatch", rc);
      }
      if (members == null) {
        sleep();
      }
    }
    if (members == null) {
      throw new CorosyncException("votequorum: no membership notification yet");
    }
    NodeInfo local = getinfo(h, LOCAL_NODE);
    List<NodeInfo> infos = new ArrayList<>();
    for (long id : members) {
      infos.add(id == local.nodeId() ? local : getinfo(h, id));
    }
    return new VotequorumView(ringNodeId, ringSequence, infos, local);
  }

  private NodeInfo getinfo(long h, long nodeId) throws CorosyncException {
    VotequorumInfo info = new VotequorumInfo();
    handle.check(
        "votequorum_getinfo(" + nodeId + ")", lib.votequorum_getinfo(h, (int) nodeId, info));
    info.read();
    return NodeInfo.of(info);
  }

  private static void sleep() throws CorosyncException {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CorosyncException("votequorum: interrupted", e);
    }
  }

  long opens() {
    return handle.opens();
  }

  @Override
  public void close() {
    owner.closeWith(handle::close);
  }
}
