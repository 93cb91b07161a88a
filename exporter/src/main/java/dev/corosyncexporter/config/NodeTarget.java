package dev.corosyncexporter.config;

import java.util.Objects;

/** One machine reached over SSH: a cluster node or a qnetd server. */
public record NodeTarget(String host, int port, SshSettings ssh) {

  public NodeTarget {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(ssh, "ssh");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
    }
  }

  /** "host:port", with IPv6 literals bracketed so the port stays unambiguous. */
  public String address() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  /** "ssh://user@host:port", for logs and {@code CommandRunner.target()}. */
  public String uri() {
    return "ssh://" + ssh.user() + "@" + address();
  }
}
