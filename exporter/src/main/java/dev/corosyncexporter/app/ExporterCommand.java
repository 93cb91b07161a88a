package dev.corosyncexporter.app;

import dev.corosyncexporter.collector.LinksCollector;
import dev.corosyncexporter.collector.QuorumCollector;
import dev.corosyncexporter.collector.ToolPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    description = "Prometheus exporter for corosync 3 / Proxmox VE quorum, QDevice and knet link state.")
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
      description = "YAML file for central mode (clusters watched over SSH). Local mode needs none.")
  Path configFile;

  @Option(names = "--collector.quorum", negatable = true, description = "Quorum state from corosync-quorumtool (default on).")
  Boolean quorum;

  @Option(names = "--collector.links", negatable = true, description = "knet link state (default on).")
  Boolean links;

  @Option(names = "--collector.config", negatable = true, description = "Running configuration from cmap (default on).")
  Boolean config;

  @Option(names = "--collector.qdevice", negatable = true, description = "corosync-qdevice state (default on).")
  Boolean qdevice;

  @Option(names = "--collector.qnetd", negatable = true, description = "corosync-qnetd state, on a QNetd host (default off).")
  Boolean qnetd;

  @Option(
      names = "--collector.disable-defaults",
      description = "Enable only the collectors named with --collector.NAME.")
  boolean disableDefaults;

  @Option(
      names = "--collector.timeout",
      defaultValue = "4s",
      description = "Deadline of each tool run, below Prometheus' 10s scrape timeout (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Option(
      names = "--collector.quorum.source",
      defaultValue = "quorumtool",
      description = "quorumtool (corosync-quorumtool -p) or pvecm (pvecm status) (default: ${DEFAULT-VALUE}).")
  String quorumSource;

  @Option(
      names = "--collector.links.source",
      defaultValue = "stats",
      description = "stats (cmap stats map: state, latency, MTU, counters) or cfgtool (corosync-cfgtool -s) (default: ${DEFAULT-VALUE}).")
  String linksSource;

  @Option(names = "--path.corosync-quorumtool", defaultValue = ToolPaths.QUORUMTOOL, description = "(default: ${DEFAULT-VALUE})")
  String quorumtoolPath;

  @Option(names = "--path.corosync-cfgtool", defaultValue = ToolPaths.CFGTOOL, description = "(default: ${DEFAULT-VALUE})")
  String cfgtoolPath;

  @Option(names = "--path.corosync-cmapctl", defaultValue = ToolPaths.CMAPCTL, description = "(default: ${DEFAULT-VALUE})")
  String cmapctlPath;

  @Option(names = "--path.corosync-qdevice-tool", defaultValue = ToolPaths.QDEVICE_TOOL, description = "(default: ${DEFAULT-VALUE})")
  String qdeviceToolPath;

  @Option(names = "--path.corosync-qnetd-tool", defaultValue = ToolPaths.QNETD_TOOL, description = "(default: ${DEFAULT-VALUE})")
  String qnetdToolPath;

  @Option(names = "--path.pvecm", defaultValue = ToolPaths.PVECM, description = "(default: ${DEFAULT-VALUE})")
  String pvecmPath;

  @Option(
      names = "--node.name",
      description = "node_name to report while corosync cannot be asked (default: the host name).")
  String nodeName;

  @Option(
      names = "--collector.config.watch",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Keep the running configuration cached and re-read it when corosync reports a change (default on).")
  boolean watchConfig;

  @Option(names = "--log.level", defaultValue = "info", description = "debug, info, warn or error (default: ${DEFAULT-VALUE}).")
  String logLevel;

  /**
   * picocli's default negation only knows names of word characters; ours have dots, as in
   * node_exporter (--no-collector.links).
   */
  static picocli.CommandLine commandLine(ExporterCommand command) {
    picocli.CommandLine cli = new picocli.CommandLine(command);
    cli.setNegatableOptionTransformer(
        new picocli.CommandLine.RegexTransformer.Builder()
            .addPattern("^--no-([\\w.-]+)$", "--$1", "--[no-]$1")
            .addPattern("^--([\\w.-]+)$", "--no-$1", "--[no-]$1")
            .build());
    return cli;
  }

  @Override
  public Integer call() throws Exception {
    return ExporterApp.run(this);
  }

  ToolPaths toolPaths() {
    return new ToolPaths(quorumtoolPath, cfgtoolPath, cmapctlPath, qdeviceToolPath, qnetdToolPath, pvecmPath);
  }

  /** The collectors to run, in the order their series appear. */
  List<String> enabledCollectors() {
    List<String> names = new ArrayList<>();
    if (enabled(quorum, true)) names.add("quorum");
    if (enabled(links, true)) names.add("links");
    if (enabled(config, true)) names.add("config");
    if (enabled(qdevice, true)) names.add("qdevice");
    if (enabled(qnetd, false)) names.add("qnetd");
    return names;
  }

  private boolean enabled(Boolean flag, boolean byDefault) {
    return flag != null ? flag : (byDefault && !disableDefaults);
  }

  QuorumCollector.Source quorumSource() {
    return switch (quorumSource) {
      case "quorumtool" -> QuorumCollector.Source.QUORUMTOOL;
      case "pvecm" -> QuorumCollector.Source.PVECM;
      default -> throw new IllegalArgumentException(
          "--collector.quorum.source: expected quorumtool or pvecm, got '" + quorumSource + "'");
    };
  }

  LinksCollector.Source linksSource() {
    return switch (linksSource) {
      case "stats" -> LinksCollector.Source.STATS;
      case "cfgtool" -> LinksCollector.Source.CFGTOOL;
      default -> throw new IllegalArgumentException(
          "--collector.links.source: expected stats or cfgtool, got '" + linksSource + "'");
    };
  }
}
