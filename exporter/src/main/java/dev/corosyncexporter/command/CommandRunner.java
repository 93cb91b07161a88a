package dev.corosyncexporter.command;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The only way the exporter reaches the outside world: run an argument vector (never a shell line)
 * with a deadline. Implementations never throw; every failure is a {@link CommandResult} with an
 * outcome other than EXITED.
 */
public interface CommandRunner {

  CommandResult run(List<String> argv, Duration timeout);

  /** Where the commands run, for logs: "local" or "ssh://node1". */
  String target();

  /**
   * True when the commands run on the machine the exporter runs on, so a collector may read that
   * machine's files directly instead of asking a command to.
   */
  default boolean onThisMachine() {
    return false;
  }

  /** {@link #sessionId()} before any connection, and of a runner that has none. */
  long NO_SESSION = 0;

  /**
   * Which connection the commands run over: it changes whenever the runner connects anew (a new SSH
   * session), so what a caller learnt of the node over one connection may be kept until it does.
   * {@link #NO_SESSION} for a runner without connections (local commands).
   */
  default long sessionId() {
    return NO_SESSION;
  }

  /**
   * Starts a long-running command whose every stdout line is an event (corosync-cmapctl -T). Its
   * stdin stays open, because cmapctl quits on end of input. {@code onLine} gets each line, {@code
   * onExit} runs once when the command has ended for whatever reason. A runner that cannot keep a
   * command running throws, and its callers ask afresh every time instead.
   *
   * @param startTimeout how long starting it may take; how long it then runs is up to the caller
   */
  default Watch watch(
      List<String> argv, Duration startTimeout, Consumer<String> onLine, Runnable onExit)
      throws IOException {
    throw new IOException(target() + " cannot keep a command running");
  }
}
