package dev.corosyncexporter.app;

import java.io.PrintWriter;
import picocli.CommandLine;

public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int code = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs the exporter (until it is stopped) or reports a bad flag; returns the exit code. */
  static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = ExporterCommand.commandLine(new ExporterCommand());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          // Bad values (a listen address, a config file) get one line naming the flag or key, not a
          // trace.
          if (e instanceof IllegalArgumentException || e instanceof StartupException) {
            commandLine.getErr().println("corosync-exporter: " + e.getMessage());
            return 2;
          }
          throw e;
        });
    return cli.execute(args);
  }
}
