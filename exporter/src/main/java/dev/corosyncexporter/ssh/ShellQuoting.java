package dev.corosyncexporter.ssh;

import java.util.List;
import java.util.stream.Collectors;

/**
 * SSH carries a single command line that the remote login shell parses, not an argument vector.
 * POSIX single quotes make every argument literal: inside them nothing is special except the quote
 * itself, which is written as {@code '\''} (close, escaped quote, reopen).
 */
public final class ShellQuoting {
  private ShellQuoting() {}

  public static String quote(String arg) {
    if (arg.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("an argument cannot contain a NUL byte");
    }
    return "'" + arg.replace("'", "'\\''") + "'";
  }

  /** The command line that makes a POSIX shell see exactly {@code argv}. */
  public static String commandLine(List<String> argv) {
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("argv must not be empty");
    }
    return argv.stream().map(ShellQuoting::quote).collect(Collectors.joining(" "));
  }
}
