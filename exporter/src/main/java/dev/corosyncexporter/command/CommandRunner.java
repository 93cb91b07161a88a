package dev.corosyncexporter.command;

import java.time.Duration;
import java.util.List;

/**
 * The only way the exporter reaches the outside world: run an argument vector
 * (never a shell line) with a deadline. Implementations never throw; every
 * failure is a {@link CommandResult} with an outcome other than EXITED.
 */
public interface CommandRunner {

  CommandResult run(List<String> argv, Duration timeout);

  /** Where the commands run, for logs: "local" or "ssh://node1". */
  String target();
}
