package dev.corosyncexporter.app;

import picocli.CommandLine;

public final class Main {
  private Main() {}

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new ExporterCommand());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          // Bad values (a listen address, a config file) get one line naming the flag or key, not a trace.
          if (e instanceof IllegalArgumentException || e instanceof StartupException) {
            commandLine.getErr().println("corosync-exporter: " + e.getMessage());
            return 2;
          }
          throw e;
        });
    int code = cli.execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }
}
