package dev.corosyncexporter.app;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // The exporter's own messages are ASCII; UTF-8 keeps a quoted non-ASCII flag value readable.
    int code =
        execute(
            args,
            new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
            new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
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
