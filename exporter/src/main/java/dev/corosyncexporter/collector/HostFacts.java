package dev.corosyncexporter.collector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a collector may look at to decide whether this host runs its daemon: configuration files,
 * sockets and mounts. Only reads file metadata; never runs anything. Tools are not looked at: a
 * missing tool on a host that is configured for its daemon is a failure to report, not a reason to
 * stay silent.
 */
@FunctionalInterface
public interface HostFacts {

  boolean exists(String path);

  /** The file system type mounted at {@code mountPoint} ("fuse" for pmxcfs), if one is. */
  default Optional<String> mountType(String mountPoint) {
    return Optional.empty();
  }

  /** A corosync cluster node: corosync configured, running or not. */
  default boolean corosyncNode() {
    return exists(CorosyncTools.COROSYNC_CONF);
  }

  /** The facts of this machine. */
  static HostFacts local() {
    return new HostFacts() {
      @Override
      public boolean exists(String path) {
        return Files.exists(Path.of(path));
      }

      /**
       * From /proc/self/mounts: only reads the kernel's table, so it cannot block on a hung FUSE
       * daemon as a stat of the mount point would.
       */
      @Override
      public Optional<String> mountType(String mountPoint) {
        try {
          return mountTypeIn(Files.readString(Path.of("/proc/self/mounts")), mountPoint);
        } catch (IOException | RuntimeException e) {
          return Optional.empty();
        }
      }
    };
  }

  /** The type of the last mount on {@code mountPoint} (the one visible) in a mounts table. */
  static Optional<String> mountTypeIn(String mounts, String mountPoint) {
    Optional<String> type = Optional.empty();
    for (String line : mounts.split("\n")) {
      String[] f = line.split(" ");
      if (f.length >= 3 && f[1].equals(mountPoint)) {
        type = Optional.of(f[2]);
      }
    }
    return type;
  }
}
