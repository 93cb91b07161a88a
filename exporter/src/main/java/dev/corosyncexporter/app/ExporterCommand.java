package dev.corosyncexporter.app;

import dev.corosyncexporter.collector.CollectorRegistry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line, in the conventions of Prometheus exporters. */
@Command(
    name = "corosync-exporter",
    mixinStandardHelpOptions = true,
    versionProvider = BuildProperties.VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description =
        "Prometheus exporter for corosync 3 / Proxmox VE quorum, QDevice and knet link state.")
final class ExporterCommand implements Callable<Integer> {

  @Option(
      names = "--web.listen-address",
      defaultValue = ":9679",
      description = "Address to listen on, HOST:PORT or :PORT (default: ${DEFAULT-VALUE}).")
  String listenAddress;

  @Option(
      names = "--web.telemetry-path",
      defaultValue = "/metrics",
      description = "Path under which to expose metrics (default: ${DEFAULT-VALUE}).")
  String telemetryPath;

  @Option(
      names = "--config.file",
      description =
          "YAML file for central mode (clusters watched over SSH). Local mode needs none.")
  Path configFile;

  @Option(
      names = "--collector.disable-defaults",
      description =
          "Enable only the collectors named with --collector.NAME (without it, each collector is on where the"
              + " host runs what it watches: corosync, corosync-qdevice, corosync-qnetd).")
  boolean disableDefaults;

  @Option(
      names = "--collector.timeout",
      defaultValue = "4s",
      description =
          "Longest any one tool run may take; every scrape is also bounded as a whole by Prometheus'"
              + " X-Prometheus-Scrape-Timeout-Seconds less 0.5s, or 9.5s without it (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Option(
      names = "--node.name",
      description = "node_name to report while corosync cannot be asked (default: the host name).")
  String nodeName;

  @Option(
      names = "--collector.config.watch",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Keep the running configuration cached and re-read it when corosync reports a change (default on).")
  boolean watchConfig;

  @Option(
      names = "--log.level",
      defaultValue = "info",
      description = "debug, info, warn or error (default: ${DEFAULT-VALUE}).")
  String logLevel;

  /** The flags the registered collectors bring; set by {@link #commandLine}. */
  CollectorFlags collectorFlags;

  /**
   * The command line with every registered collector's flags. picocli's default negation only knows
   * names of word characters; ours have dots, as in node_exporter (--no-collector.links).
   */
  static picocli.CommandLine commandLine(ExporterCommand command) {
    picocli.CommandLine cli = new picocli.CommandLine(command);
    cli.setNegatableOptionTransformer(
        new picocli.CommandLine.RegexTransformer.Builder()
            .addPattern("^--no-([\\w.-]+)$", "--$1", "--[no-]$1")
            .addPattern("^--([\\w.-]+)$", "--no-$1", "--[no-]$1")
            .build());
    command.collectorFlags = CollectorFlags.addTo(cli, CollectorRegistry.get());
    return cli;
  }

  @Override
  public Integer call() throws Exception {
    return ExporterApp.run(this);
  }
}
