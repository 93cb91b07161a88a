package dev.corosyncexporter.collector;

import com.google.auto.service.AutoService;
import dev.corosyncexporter.parse.CmapctlParser;
import dev.corosyncexporter.parse.CorosyncConfig;
import dev.corosyncexporter.parse.CorosyncConfigParser;

/**
 * The running configuration, so that configured votes can be compared with the runtime expected
 * votes.
 */
public final class ConfigCollector implements Collector {
  public static final MetricDef QDEVICE_CONFIGURED_VOTES =
      MetricDef.gauge(
          "corosync_qdevice_configured_votes",
          "Votes configured for the QDevice (quorum.device.votes).");
  public static final MetricDef CONFIG_NODES =
      MetricDef.gauge("corosync_config_nodes", "Nodes in the running nodelist.");
  public static final MetricDef CONFIG_VOTES =
      MetricDef.gauge(
          "corosync_config_votes", "Configured node votes plus configured QDevice votes.");
  public static final MetricDef CONFIG_LINKS =
      MetricDef.gauge("corosync_config_links", "knet links configured in the nodelist.");
  public static final MetricDef CONFIG_VERSION =
      MetricDef.gauge(
          "corosync_config_version", "totem.config_version of the running configuration.");

  /** The collector's name, help, flags, tools, parsers and metrics; see {@link CollectorSpec}. */
  static final CollectorSpec SPEC =
      CollectorSpec.builder("config", CollectorSpec.Role.NODE)
          .help("Running configuration from cmap")
          .presentOn(HostFacts::corosyncNode)
          .needsConfig()
          .parser("cmapctl", CmapctlParser::parse, "cmapctl-")
          .parser("config", t -> CorosyncConfigParser.parse(CmapctlParser.parse(t)), "cmapctl-")
          .metrics(
              QDEVICE_CONFIGURED_VOTES, CONFIG_NODES, CONFIG_VOTES, CONFIG_LINKS, CONFIG_VERSION)
          .build();

  @Override
  public void collect(CollectorContext context, SampleSink sink) throws CollectionException {
    CorosyncConfig config = context.config();
    sink.add(CONFIG_NODES, config.nodes().size());
    sink.add(CONFIG_VOTES, config.configuredVotes());
    sink.add(CONFIG_LINKS, config.links());
    config.configVersion().ifPresent(v -> sink.add(CONFIG_VERSION, (double) v));
    if (config.qdeviceConfigured()) {
      sink.add(QDEVICE_CONFIGURED_VOTES, config.qdeviceVotes().orElse(1));
    }
  }

  /** Registers the collector by its name (see {@link CollectorDefinition}). */
  @AutoService(CollectorDefinition.class)
  public static final class Definition extends CollectorDefinition.Base {
    public Definition() {
      super(SPEC, settings -> new ConfigCollector());
    }
  }
}
