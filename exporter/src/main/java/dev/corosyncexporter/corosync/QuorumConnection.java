package dev.corosyncexporter.corosync;

import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import dev.corosyncexporter.concurrent.GuardedThread;
import java.time.Duration;

/**
 * A quorum-service connection kept open, for the one value only it gives: {@code Quorate:}, which
 * corosync-quorumtool reads with {@code quorum_getquorate} (votequorum's own QUORATE flag is a
 * separate field and can disagree for a moment); and, from {@code quorum_initialize}, whether a
 * quorum provider is configured at all.
 */
final class QuorumConnection implements AutoCloseable {
  private final NativeLibraries.Quorum lib;
  private final GuardedThread owner;
  private final ServiceHandle handle;

  /** {@code QUORUM_FREE} (quorum.h): no provider, so corosync is always quorate. */
  private static final int QUORUM_FREE = 0;

  // Written by open(), which runs on the owner thread, and read there.
  private int quorumType = -1;

  QuorumConnection(NativeLibraries.Quorum lib, Duration stuckAfter) {
    this.lib = lib;
    this.owner = OwnerThreads.start("quorum", stuckAfter);
    this.handle = new ServiceHandle("quorum", this::open, h -> lib.quorum_finalize(h));
  }

  private long open() throws CorosyncException {
    LongByReference ref = new LongByReference();
    IntByReference type = new IntByReference();
    // No callbacks: nothing is tracked on this connection.
    int rc = lib.quorum_initialize(ref, null, type);
    if (rc != CsError.OK) {
      throw CorosyncException.of("quorum_initialize", rc);
    }
    quorumType = type.getValue();
    return ref.getValue();
  }

  QuorumAnswer read(Duration wait) throws CorosyncException {
    return OwnerThreads.call(
        owner,
        "quorum",
        "quorum_getquorate",
        wait,
        () -> {
          long h = handle.get();
          IntByReference quorate = new IntByReference();
          handle.check("quorum_getquorate", lib.quorum_getquorate(h, quorate));
          return new QuorumAnswer(quorate.getValue() != 0, quorumType != QUORUM_FREE);
        });
  }

  long opens() {
    return handle.opens();
  }

  @Override
  public void close() {
    owner.closeWith(handle::close);
  }
}
