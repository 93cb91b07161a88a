package dev.corosyncexporter.ssh;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Puts GNU {@code timeout} in front of a remote command, so that the node itself ends the command
 * at the run's deadline. Closing the channel does not: sshd leaves the process running, and with a
 * forced command ({@code command=} in authorized_keys) it also refuses the channel's KILL signal.
 *
 * <p>{@code timeout} starts the command in its own process group, sends TERM to the group when the
 * time is up and KILL one second later if anything is still there. The forced-command wrapper
 * accepts exactly this form, {@code /usr/bin/timeout -k 1 SECONDS TOOL ARGS...}, with SECONDS
 * written with three decimals and at most {@link #MAX_MILLIS} ms, and puts {@code sudo -n} in front
 * of it for the tools that need root, so that timeout runs as root and can signal them.
 */
final class RemoteBound {
  static final String TIMEOUT = "/usr/bin/timeout";

  /** timeout's exit code when it had to end the command. */
  static final int EXIT_TIMED_OUT = 124;

  /**
   * The wrapper's upper limit; a longer command_timeout is still ended by the node at this bound.
   */
  static final long MAX_MILLIS = 300_000;

  private RemoteBound() {}

  /** {@code argv} under a bound of {@code remainingNanos}, rounded up to whole milliseconds. */
  static List<String> around(List<String> argv, long remainingNanos) {
    List<String> bounded = new ArrayList<>(argv.size() + 4);
    bounded.addAll(List.of(TIMEOUT, "-k", "1", seconds(remainingNanos)));
    bounded.addAll(argv);
    return bounded;
  }

  /**
   * Seconds with exactly three decimals (the form the wrapper and the sudoers rule accept), 0.001
   * to 300.000.
   */
  static String seconds(long nanos) {
    long capped = Math.min(Math.max(0, nanos), TimeUnit.MILLISECONDS.toNanos(MAX_MILLIS));
    long millis =
        Math.max(
            1, (capped + TimeUnit.MILLISECONDS.toNanos(1) - 1) / TimeUnit.MILLISECONDS.toNanos(1));
    return String.format(Locale.ROOT, "%d.%03d", millis / 1000, millis % 1000);
  }
}
