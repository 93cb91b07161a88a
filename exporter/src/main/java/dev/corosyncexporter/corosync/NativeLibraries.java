package dev.corosyncexporter.corosync;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import org.slf4j.LoggerFactory;

/**
 * JNA views of corosync's client libraries, by their versioned names: Debian and Proxmox VE ship
 * only {@code libX.so.N} with the daemon, the unversioned link comes with the -dev packages.
 *
 * <p>Handles are {@code uint64_t} and mapped as {@code long}. {@code size_t} is mapped as {@code
 * long} too, which holds on the 64-bit Linux targets corosync runs on (LP64).
 */
final class NativeLibraries {
  private NativeLibraries() {}

  /** libvotequorum.so.8 (votequorum.h). */
  interface Votequorum extends Library {
    int votequorum_initialize(LongByReference handle, VotequorumCallbacks callbacks);

    int votequorum_finalize(long handle);

    int votequorum_dispatch(long handle, int dispatchTypes);

    int votequorum_getinfo(long handle, int nodeid, VotequorumInfo info);

    int votequorum_trackstart(long handle, long context, int flags);
  }

  /** libquorum.so.5 (quorum.h): only for Quorate:, which quorumtool takes from this service. */
  interface Quorum extends Library {
    int quorum_initialize(LongByReference handle, Pointer callbacks, IntByReference quorumType);

    int quorum_finalize(long handle);

    int quorum_getquorate(long handle, IntByReference quorate);
  }

  /** libcmap.so.4 (cmap.h). */
  interface Cmap extends Library {
    int cmap_initialize_map(LongByReference handle, int map);

    int cmap_finalize(long handle);

    int cmap_get(
        long handle, String key, Pointer value, LongByReference valueLen, IntByReference type);

    int cmap_iter_init(long handle, String prefix, LongByReference iter);

    int cmap_iter_next(
        long handle, long iter, byte[] keyName, LongByReference valueLen, IntByReference type);

    int cmap_iter_finalize(long handle, long iter);
  }

  /** {@code votequorum_nodelist_notification_fn_t}: the ring id and the members after a change. */
  interface NodelistNotification extends Callback {
    void invoke(
        long handle, long context, VotequorumRingId.ByValue ringId, int entries, Pointer nodes);
  }

  /** {@code votequorum_quorum_notification_fn_t}; registered so the library never calls NULL. */
  interface QuorumNotification extends Callback {
    void invoke(long handle, long context, int quorate, int entries, Pointer nodes);
  }

  /** {@code votequorum_expectedvotes_notification_fn_t}; registered for the same reason. */
  interface ExpectedVotesNotification extends Callback {
    void invoke(long handle, long context, int expectedVotes);
  }

  /** The C library, for getnameinfo: the reverse lookup corosync-quorumtool does. */
  interface Libc extends Library {
    int getnameinfo(
        byte[] sockaddr,
        int length,
        byte[] host,
        int hostLength,
        Pointer serv,
        int servLength,
        int flags);
  }

  static final String LIBC = "c";
  static final String VOTEQUORUM = "libvotequorum.so.8";
  static final String QUORUM = "libquorum.so.5";
  static final String CMAP = "libcmap.so.4";

  static <T extends Library> T load(String name, Class<T> type) throws CorosyncException {
    // A notification that throws is a bug of ours: log it instead of JNA's bare stderr line.
    Native.setCallbackExceptionHandler(
        (callback, e) ->
            LoggerFactory.getLogger(NativeLibraries.class)
                .error("corosync notification handler failed", e));
    try {
      return Native.load(name, type);
    } catch (UnsatisfiedLinkError e) {
      throw new CorosyncException(
          name + " not loadable (install corosync's client libraries): " + e.getMessage(), e);
    }
  }
}
