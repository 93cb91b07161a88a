package dev.corosyncexporter.collector;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a collector may look at to decide whether this host runs its daemon: configuration files and
 * sockets. Only reads file metadata; never runs anything. Tools are not looked at: a missing tool
 * on a host that is configured for its daemon is a failure to report, not a reason to stay silent.
 */
@FunctionalInterface
public interface HostFacts {

  boolean exists(String path);

  /** A corosync cluster node: corosync configured, running or not. */
  default boolean corosyncNode() {
    return exists(CorosyncTools.COROSYNC_CONF);
  }

  /** The facts of this machine. */
  static HostFacts local() {
    return path -> Files.exists(Path.of(path));
  }
}
