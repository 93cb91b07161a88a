package dev.corosyncexporter.command;

import java.time.Duration;
import java.util.List;

/**
 * What one run of a tool produced. A run that could not start or was killed on its deadline is
 * still a result, so that callers never have to catch anything.
 */
public record CommandResult(
    List<String> argv,
    Outcome outcome,
    int exitCode,
    String stdout,
    String stderr,
    Duration duration,
    String error) {

  public enum Outcome {
    /** The process ran to its end; {@link #exitCode()} is meaningful. */
    EXITED,
    /** Killed because it outlived its timeout. */
    TIMED_OUT,
    /** The executable does not exist. */
    NOT_FOUND,
    /** Could not be started or read for another reason (permissions, I/O, SSH). */
    FAILED
  }

  public CommandResult {
    argv = List.copyOf(argv);
    stdout = stdout == null ? "" : stdout;
    stderr = stderr == null ? "" : stderr;
    error = error == null ? "" : error;
  }

  public static CommandResult exited(
      List<String> argv, int exitCode, String stdout, String stderr, Duration took) {
    return new CommandResult(argv, Outcome.EXITED, exitCode, stdout, stderr, took, "");
  }

  public static CommandResult failed(
      List<String> argv, Outcome outcome, String error, Duration took) {
    return new CommandResult(argv, outcome, -1, "", "", took, error);
  }

  public boolean exited() {
    return outcome == Outcome.EXITED;
  }

  public boolean exitedWith(int... codes) {
    if (!exited()) {
      return false;
    }
    for (int c : codes) {
      if (c == exitCode) {
        return true;
      }
    }
    return false;
  }

  /**
   * One line for logs and error messages: the command, how it ended, and the first line of stderr.
   * What came from the tool (stderr, an error text) is escaped and cut by {@link ToolText}: a tool
   * must not be able to flood the log or write control characters into it.
   */
  public String describe() {
    String cmd = String.join(" ", argv);
    return switch (outcome) {
      case EXITED -> cmd + " exited " + exitCode + firstLine(stderr);
      case TIMED_OUT -> cmd + " timed out after " + duration.toMillis() + " ms";
      case NOT_FOUND ->
          cmd
              + ": executable not found"
              + (error.isEmpty() ? "" : " (" + ToolText.forLog(error) + ")");
      case FAILED -> cmd + " failed: " + ToolText.forLog(error);
    };
  }

  private static String firstLine(String s) {
    int from = 0;
    while (from < s.length() && Character.isWhitespace(s.charAt(from))) {
      from++;
    }
    int nl = s.indexOf('\n', from);
    // Never copy more than the log shows: stderr may be one 64 KiB line.
    int end = Math.min(nl < 0 ? s.length() : nl, from + ToolText.MAX_CHARS + 1);
    String line = s.substring(from, end).strip();
    return line.isEmpty() ? "" : ": " + ToolText.forLog(line);
  }
}
