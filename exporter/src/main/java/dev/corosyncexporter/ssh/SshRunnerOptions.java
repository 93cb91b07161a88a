package dev.corosyncexporter.ssh;

import java.time.Duration;

/**
 * Transport tuning that is not per-node configuration.
 *
 * @param initialBackoff wait after the first failed connect; doubles with each further failure
 * @param maxBackoff upper bound of the wait between connect attempts
 * @param maxOutputBytes cap for stdout and for stderr of one command; beyond it the run fails
 * @param maxChannels concurrent commands per session; with the configuration watcher on a channel
 *     of its own, the default 8 stays below OpenSSH's MaxSessions (10)
 */
public record SshRunnerOptions(
    Duration initialBackoff, Duration maxBackoff, int maxOutputBytes, int maxChannels) {

  public SshRunnerOptions {
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
    }
    if (maxOutputBytes < 1 || maxChannels < 1) {
      throw new IllegalArgumentException("maxOutputBytes and maxChannels must be positive");
    }
  }

  public static SshRunnerOptions defaults() {
    // The local runner's stdout cap (LocalCommandRunner.MAX_STDOUT_BYTES, with its arithmetic).
    return new SshRunnerOptions(Duration.ofSeconds(1), Duration.ofSeconds(30), 2 << 20, 8);
  }

  public SshRunnerOptions withBackoff(Duration initial, Duration max) {
    return new SshRunnerOptions(initial, max, maxOutputBytes, maxChannels);
  }

  public SshRunnerOptions withMaxOutputBytes(int bytes) {
    return new SshRunnerOptions(initialBackoff, maxBackoff, bytes, maxChannels);
  }
}
