package dev.corosyncexporter.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

final class HostName {
  private HostName() {}

  /**
   * The kernel's host name (what `hostname` prints), without a DNS lookup that could hang start-up.
   */
  static String local() {
    try {
      String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through
    }
    String env = System.getenv("HOSTNAME");
    return env != null && !env.isBlank() ? env : "localhost";
  }
}
