package dev.corosyncexporter.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The SSH keys set at one level (global {@code ssh}, a cluster's {@code ssh}, or a node); null
 * means "inherit". Resolved into {@link SshSettings} once per node.
 */
record SshOverrides(
    String user,
    Integer port,
    Path privateKeyFile,
    Path knownHostsFile,
    Path passwordFile,
    Duration connectTimeout,
    Duration commandTimeout,
    Duration keepAliveInterval) {

  static final Set<String> KEYS =
      Set.of(
          "user",
          "port",
          "private_key_file",
          "known_hosts_file",
          "password_file",
          "connect_timeout",
          "command_timeout",
          "keepalive_interval");
  static final SshOverrides NONE = new SshOverrides(null, null, null, null, null, null, null, null);

  // Durations go to JSch as int milliseconds; an hour is far beyond any sensible SSH deadline.
  private static final Duration MAX_DURATION = Duration.ofHours(1);

  /**
   * Reads the SSH keys of {@code map}; the caller has already rejected keys that don't belong
   * there.
   */
  static SshOverrides parse(YamlNode map, Path baseDir) throws ConfigException {
    String user = null;
    Integer port = null;
    Path key = null;
    Path knownHosts = null;
    Path password = null;
    Optional<YamlNode> userNode = map.get("user");
    if (userNode.isPresent()) {
      user = userNode.get().asNonEmptyString();
    }
    Optional<YamlNode> portNode = map.get("port");
    if (portNode.isPresent()) {
      port = HostPort.checkPort(portNode.get(), portNode.get().asInt());
    }
    Optional<YamlNode> keyNode = map.get("private_key_file");
    if (keyNode.isPresent()) {
      key = path(keyNode.get(), baseDir);
      FileChecks.requirePrivateKey(keyNode.get(), key);
    }
    Optional<YamlNode> knownHostsNode = map.get("known_hosts_file");
    if (knownHostsNode.isPresent()) {
      knownHosts = path(knownHostsNode.get(), baseDir);
      FileChecks.requireReadableFile(knownHostsNode.get(), knownHosts);
    }
    Optional<YamlNode> passwordNode = map.get("password_file");
    if (passwordNode.isPresent()) {
      password = path(passwordNode.get(), baseDir);
      FileChecks.requireNonEmptyFile(passwordNode.get(), password);
    }
    return new SshOverrides(
        user,
        port,
        key,
        knownHosts,
        password,
        duration(map, "connect_timeout"),
        duration(map, "command_timeout"),
        duration(map, "keepalive_interval"));
  }

  static SshOverrides portOnly(Integer port) {
    return new SshOverrides(null, port, null, null, null, null, null, null);
  }

  /** This level's values where set, {@code base}'s otherwise. */
  SshOverrides over(SshOverrides base) {
    return new SshOverrides(
        or(user, base.user),
        or(port, base.port),
        or(privateKeyFile, base.privateKeyFile),
        or(knownHostsFile, base.knownHostsFile),
        or(passwordFile, base.passwordFile),
        or(connectTimeout, base.connectTimeout),
        or(commandTimeout, base.commandTimeout),
        or(keepAliveInterval, base.keepAliveInterval));
  }

  int portOrDefault() {
    return port != null ? port : SshSettings.DEFAULT_PORT;
  }

  SshSettings resolve(YamlNode node, String clusterPath) throws ConfigException {
    String hint = " (set it under ssh, " + clusterPath + ".ssh or on the node)";
    if (user == null) {
      throw node.error("no ssh user is set" + hint);
    }
    if (knownHostsFile == null) {
      throw node.error("no known_hosts_file is set" + hint);
    }
    if (privateKeyFile == null && passwordFile == null) {
      throw node.error("neither private_key_file nor password_file is set" + hint);
    }
    return new SshSettings(
        user,
        Optional.ofNullable(privateKeyFile),
        knownHostsFile,
        Optional.ofNullable(passwordFile),
        or(connectTimeout, SshSettings.DEFAULT_CONNECT_TIMEOUT),
        or(commandTimeout, SshSettings.DEFAULT_COMMAND_TIMEOUT),
        or(keepAliveInterval, SshSettings.DEFAULT_KEEPALIVE_INTERVAL));
  }

  private static Path path(YamlNode n, Path baseDir) throws ConfigException {
    // Relative paths are relative to the config file, like Prometheus' own file references.
    return baseDir.resolve(n.asNonEmptyString()).normalize();
  }

  private static Duration duration(YamlNode map, String key) throws ConfigException {
    Optional<YamlNode> n = map.get(key);
    if (n.isEmpty()) {
      return null;
    }
    YamlNode node = n.get();
    try {
      return Durations.parsePositive(node.scalarText(), MAX_DURATION);
    } catch (IllegalArgumentException e) {
      throw node.error(e.getMessage());
    }
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
