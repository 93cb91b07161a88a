package dev.corosyncexporter.corosync;

import dev.corosyncexporter.concurrent.AwaitException;
import dev.corosyncexporter.concurrent.Deadline;
import dev.corosyncexporter.concurrent.GuardedThread;
import java.time.Duration;

/**
 * The owner thread of each corosync connection, which runs every call on it: a {@link
 * GuardedThread}, since libqb has no timeout anywhere (connect and every request wait forever on a
 * frozen corosync) and a Java thread inside a native call cannot be interrupted. A call running
 * longer than {@code stuckAfter} makes later ones fail at once: a frozen corosync costs one thread
 * per connection, never more.
 */
final class OwnerThreads {
  /**
   * corosync's dispatch functions put a 1 MiB message buffer on the caller's stack
   * (IPC_DISPATCH_SIZE); with the 512 KiB threads of packaging/jvm.options a notification handler
   * would have no stack left. Only the touched pages cost memory.
   */
  private static final long STACK_BYTES = 4L << 20;

  /** What runs on the owner thread. */
  @FunctionalInterface
  interface Call<T> {
    T run() throws CorosyncException;
  }

  private OwnerThreads() {}

  /** The owner of connection {@code name}; its thread starts with the first call. */
  static GuardedThread start(String name, Duration stuckAfter) {
    return new GuardedThread("corosync-" + name, stuckAfter, STACK_BYTES);
  }

  /**
   * Runs {@code call} on connection {@code name}'s owner and waits at most {@code wait} for it.
   *
   * @throws CorosyncException the call failed, did not answer in time, or an earlier call is stuck
   */
  static <T> T call(GuardedThread owner, String name, String what, Duration wait, Call<T> call)
      throws CorosyncException {
    try {
      return owner.call(Deadline.in(wait), call::run);
    } catch (AwaitException e) {
      throw switch (e.reason()) {
        case STUCK ->
            new CorosyncException(
                name
                    + ": an earlier call has had no answer from corosync for "
                    + e.busyFor().toMillis()
                    + " ms (corosync frozen?); not queueing another",
                true);
        case CLOSED -> new CorosyncException(name + ": connection closed", e);
        case TIMED_OUT ->
            new CorosyncException(
                name
                    + ": "
                    + what
                    + " had no answer from corosync within "
                    + wait.toMillis()
                    + " ms",
                true);
        case FAILED ->
            e.getCause() instanceof CorosyncException ce
                ? ce
                : new CorosyncException(
                    name + ": " + what + " failed: " + e.getCause(), e.getCause());
        case CANCELLED -> new CorosyncException(name + ": " + what + " cancelled", e);
        case INTERRUPTED -> new CorosyncException(name + ": interrupted", e);
      };
    }
  }
}
