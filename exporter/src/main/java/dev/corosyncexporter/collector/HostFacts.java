package dev.corosyncexporter.collector;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a collector may look at to decide whether this host runs its daemon: installed tools,
 * configuration files, sockets. Only reads file metadata; never runs anything.
 */
public interface HostFacts {

  boolean executable(Tool tool);

  boolean exists(String path);

  /**
   * A corosync cluster node: corosync configured, running or not. Detection looks at configuration,
   * not at the tools: a stopped corosync or a missing tool on a configured node is a failure to
   * report, not a reason to stay silent.
   */
  default boolean corosyncNode() {
    return exists(CorosyncTools.COROSYNC_CONF);
  }

  /** The facts of this machine, with tools where {@code tools} says. */
  static HostFacts local(ToolPaths tools) {
    return new HostFacts() {
      @Override
      public boolean executable(Tool tool) {
        return Files.isExecutable(Path.of(tools.path(tool)));
      }

      @Override
      public boolean exists(String path) {
        return Files.exists(Path.of(path));
      }
    };
  }
}
