package dev.corosyncexporter.collector;

import com.google.auto.service.AutoService;
import dev.corosyncexporter.parse.CmapctlParser;
import dev.corosyncexporter.parse.CorosyncConfig;
import dev.corosyncexporter.parse.CorosyncConfigParser;

/**
 * The running configuration, so that configured votes can be compared with the runtime expected
 * votes, and the totem and knet timeouts corosync runs with (what a token loss or a link-down
 * takes; runtime.config.totem., rewritten on every reload).
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

  public static final MetricDef TOKEN_TIMEOUT =
      MetricDef.gauge(
          "corosync_totem_token_timeout_seconds",
          "Token timeout in force (runtime.config.totem.token: token + (nodes - 2) *"
              + " token_coefficient).");
  public static final MetricDef CONSENSUS_TIMEOUT =
      MetricDef.gauge(
          "corosync_totem_consensus_timeout_seconds",
          "Consensus timeout in force (runtime.config.totem.consensus).");
  public static final MetricDef TOKEN_WARNING =
      MetricDef.gauge(
          "corosync_totem_token_warning_ratio",
          "Share of the token timeout after which corosync logs that the token was not received;"
              + " 0 = off (runtime.config.totem.token_warning / 100).");
  public static final MetricDef KNET_PING_INTERVAL =
      MetricDef.gauge(
          "corosync_knet_ping_interval_seconds",
          "Interval between knet pings on the link (knet_ping_interval).",
          "link");
  public static final MetricDef KNET_PING_TIMEOUT =
      MetricDef.gauge(
          "corosync_knet_ping_timeout_seconds",
          "Time without a pong after which knet takes the link down (knet_ping_timeout).",
          "link");

  private static final double MILLIS_PER_SECOND = 1000.0;
  private static final double PERCENT = 100.0;

  /** The collector's name, help, flags, tools, parsers and metrics; see {@link CollectorSpec}. */
  static final CollectorSpec SPEC =
      CollectorSpec.builder("config", CollectorSpec.Role.NODE)
          .help("Running configuration from cmap")
          .presentOn(HostFacts::corosyncNode)
          .needsConfig()
          .parser("cmapctl", CmapctlParser::parse, "cmapctl-")
          .parser("config", t -> CorosyncConfigParser.parse(CmapctlParser.parse(t)), "cmapctl-")
          .metrics(
              QDEVICE_CONFIGURED_VOTES,
              CONFIG_NODES,
              CONFIG_VOTES,
              CONFIG_LINKS,
              CONFIG_VERSION,
              TOKEN_TIMEOUT,
              CONSENSUS_TIMEOUT,
              TOKEN_WARNING,
              KNET_PING_INTERVAL,
              KNET_PING_TIMEOUT)
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
    emitTimeouts(config.timeouts(), sink);
  }

  private static void emitTimeouts(CorosyncConfig.Timeouts t, SampleSink sink) {
    t.tokenMillis().ifPresent(v -> sink.add(TOKEN_TIMEOUT, v / MILLIS_PER_SECOND));
    t.consensusMillis().ifPresent(v -> sink.add(CONSENSUS_TIMEOUT, v / MILLIS_PER_SECOND));
    t.tokenWarningPercent().ifPresent(v -> sink.add(TOKEN_WARNING, v / PERCENT));
    t.knetPing()
        .forEach(
            (link, ping) -> {
              String l = Integer.toString(link);
              ping.intervalMillis()
                  .ifPresent(v -> sink.add(KNET_PING_INTERVAL, v / MILLIS_PER_SECOND, l));
              ping.timeoutMillis()
                  .ifPresent(v -> sink.add(KNET_PING_TIMEOUT, v / MILLIS_PER_SECOND, l));
            });
  }

  /** Registers the collector by its name (see {@link CollectorDefinition}). */
  @AutoService(CollectorDefinition.class)
  public static final class Definition extends CollectorDefinition.Base {
    public Definition() {
      super(SPEC, settings -> new ConfigCollector());
    }
  }
}
