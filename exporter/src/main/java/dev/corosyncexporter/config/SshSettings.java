package dev.corosyncexporter.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to log in to one node. Holds only file paths: the password is read from its file at connect
 * time, so no secret ever sits in a config object, its {@code toString()} or a log line.
 *
 * @param commandTimeout upper bound for every remote command; a caller's shorter deadline wins
 * @param keepAliveInterval how often an idle session is probed (ServerAliveInterval), so a dead
 *     peer is noticed before the next scrape needs it
 */
public record SshSettings(
    String user,
    Optional<Path> privateKeyFile,
    Path knownHostsFile,
    Optional<Path> passwordFile,
    Duration connectTimeout,
    Duration commandTimeout,
    Duration keepAliveInterval) {

  public static final int DEFAULT_PORT = 22;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_KEEPALIVE_INTERVAL = Duration.ofSeconds(15);

  public SshSettings {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(privateKeyFile, "privateKeyFile");
    Objects.requireNonNull(knownHostsFile, "knownHostsFile");
    Objects.requireNonNull(passwordFile, "passwordFile");
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(commandTimeout, "commandTimeout");
    requirePositive(keepAliveInterval, "keepAliveInterval");
    if (privateKeyFile.isEmpty() && passwordFile.isEmpty()) {
      throw new IllegalArgumentException("either privateKeyFile or passwordFile is required");
    }
  }

  /** Key-only settings with default timeouts; the usual case and handy in tests. */
  public static SshSettings withKey(String user, Path privateKeyFile, Path knownHostsFile) {
    return new SshSettings(
        user,
        Optional.of(privateKeyFile),
        knownHostsFile,
        Optional.empty(),
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_COMMAND_TIMEOUT,
        DEFAULT_KEEPALIVE_INTERVAL);
  }

  public SshSettings withTimeouts(Duration connect, Duration command) {
    return new SshSettings(
        user, privateKeyFile, knownHostsFile, passwordFile, connect, command, keepAliveInterval);
  }

  /**
   * SSH authentication methods to offer, in order. Password is only ever offered when a password
   * file was configured explicitly.
   */
  public String authMethods() {
    if (privateKeyFile.isPresent() && passwordFile.isPresent()) {
      return "publickey,password";
    }
    return privateKeyFile.isPresent() ? "publickey" : "password";
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }
}
