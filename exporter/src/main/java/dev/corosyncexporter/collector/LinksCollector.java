package dev.corosyncexporter.collector;

import com.google.auto.service.AutoService;
import dev.corosyncexporter.command.CommandResult;
import dev.corosyncexporter.corosync.CorosyncException;
import dev.corosyncexporter.parse.CfgtoolStatusParser;
import dev.corosyncexporter.parse.CmapEntries;
import dev.corosyncexporter.parse.CmapctlParser;
import dev.corosyncexporter.parse.CorosyncConfig;
import dev.corosyncexporter.parse.KnetLink;
import dev.corosyncexporter.parse.KnetStatsParser;
import dev.corosyncexporter.parse.LinkStatus;
import dev.corosyncexporter.parse.ParseException;
import dev.corosyncexporter.parse.TotemStatsParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * knet link state to every peer, and totem health. By default from corosync's stats map, in one
 * query: the same per-link enabled and connected bits that corosync-cfgtool prints, plus latency,
 * MTU, down counts and the ping, pong, retry, error and data counters; and from the same query the
 * node's totem srp counters and scheduler misses ({@link TotemSeries}), which live in the stats map
 * too and would cost a second cmapctl run in a collector of their own. With {@link Source#CFGTOOL}
 * it parses corosync-cfgtool -s instead (any 3.x layout; link state only: no latency, counters or
 * totem series, since there is no stats map).
 */
public final class LinksCollector implements Collector {
  public static final MetricDef LINK_CONNECTED =
      MetricDef.gauge(
          "corosync_knet_link_connected",
          "1 when the knet link to the peer is connected.",
          "link",
          "peer_id",
          "peer_name");
  public static final MetricDef LINK_ENABLED =
      MetricDef.gauge(
          "corosync_knet_link_enabled",
          "1 when the knet link to the peer is enabled.",
          "link",
          "peer_id",
          "peer_name");
  public static final MetricDef LINK_LATENCY =
      MetricDef.gauge(
          "corosync_knet_link_latency_seconds",
          "Average latency knet measured on the link.",
          "link",
          "peer_id",
          "peer_name");
  public static final MetricDef LINK_MTU =
      MetricDef.gauge(
          "corosync_knet_link_mtu_bytes",
          "Path MTU knet uses on the link.",
          "link",
          "peer_id",
          "peer_name");
  public static final MetricDef LINK_DOWN =
      MetricDef.counter(
          "corosync_knet_link_down_total",
          "Times the knet link went down.",
          "link",
          "peer_id",
          "peer_name");
  public static final MetricDef PEER_REACHABLE =
      MetricDef.gauge(
          "corosync_knet_peer_reachable",
          "1 when the peer is reachable over at least one link.",
          "peer_id",
          "peer_name");

  public static final MetricDef PINGS_SENT =
      linkCounter("corosync_knet_link_pings_sent_total", "knet pings sent on the link.");
  public static final MetricDef PONGS_RECEIVED =
      linkCounter("corosync_knet_link_pongs_received_total", "knet pongs received on the link.");
  public static final MetricDef SEND_RETRIES =
      linkCounter(
          "corosync_knet_link_send_retries_total",
          "Send retries on the link (knet keeps them under rx_total_retries).");
  public static final MetricDef SEND_ERRORS =
      linkCounter("corosync_knet_link_send_errors_total", "Failed sends on the link.");
  public static final MetricDef DATA_SENT_PACKETS =
      linkCounter(
          "corosync_knet_link_data_sent_packets_total", "corosync data packets sent on the link.");
  public static final MetricDef DATA_RECEIVED_PACKETS =
      linkCounter(
          "corosync_knet_link_data_received_packets_total",
          "corosync data packets received on the link.");
  public static final MetricDef DATA_SENT_BYTES =
      linkCounter(
          "corosync_knet_link_data_sent_bytes_total", "corosync data bytes sent on the link.");
  public static final MetricDef DATA_RECEIVED_BYTES =
      linkCounter(
          "corosync_knet_link_data_received_bytes_total",
          "corosync data bytes received on the link.");

  static final CollectorOption<Source> SOURCE =
      new CollectorOption<>(
          "source",
          Source.NATIVE,
          Source.STATS,
          "native (the stats map over a connection kept open to corosync; local mode only), stats"
              + " (the same keys with corosync-cmapctl -m stats) or cfgtool (corosync-cfgtool -s:"
              + " link state only)");

  /** The collector's name, help, flags, tools, parsers and metrics; see {@link CollectorSpec}. */
  static final CollectorSpec SPEC =
      CollectorSpec.builder("links", CollectorSpec.Role.NODE)
          .help(
              "knet link state and counters; totem health (srp, scheduler misses) from the stats map")
          .presentOn(HostFacts::corosyncNode)
          .needsConfig()
          .tools(CorosyncTools.CFGTOOL)
          .option(SOURCE)
          .parser("knet", t -> KnetStatsParser.parse(CmapctlParser.parse(t), 1), "cmapctl-stats-")
          .parser("totem", t -> TotemStatsParser.parse(CmapctlParser.parse(t)), "cmapctl-stats-")
          .parser("cfgtool-s", CfgtoolStatusParser::parse, "cfgtool-s")
          .metrics(linkMetrics())
          .build();

  /** The --collector.links.source choices, in the order the help lists them. */
  enum Source {
    STATS,
    CFGTOOL,
    NATIVE
  }

  /** The stats read per peer and link, each by its exact key. */
  static final List<String> STAT_NAMES =
      List.of(
          "enabled",
          "connected",
          "mtu",
          "latency_ave",
          "latency_samples",
          "down_count",
          "tx_ping_packets",
          "rx_pong_packets",
          "rx_total_retries",
          "tx_total_errors",
          "tx_data_packets",
          "rx_data_packets",
          "tx_data_bytes",
          "rx_data_bytes");

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(LinksCollector.class);

  private final Source source;

  LinksCollector(Source source) {
    this.source = source;
  }

  private static MetricDef linkCounter(String name, String help) {
    return MetricDef.counter(name, help, "link", "peer_id", "peer_name");
  }

  private static MetricDef[] linkMetrics() {
    List<MetricDef> m =
        new ArrayList<>(
            List.of(
                LINK_CONNECTED,
                LINK_ENABLED,
                LINK_LATENCY,
                LINK_MTU,
                LINK_DOWN,
                PEER_REACHABLE,
                PINGS_SENT,
                PONGS_RECEIVED,
                SEND_RETRIES,
                SEND_ERRORS,
                DATA_SENT_PACKETS,
                DATA_RECEIVED_PACKETS,
                DATA_SENT_BYTES,
                DATA_RECEIVED_BYTES));
    m.addAll(List.of(TotemSeries.METRICS));
    return m.toArray(MetricDef[]::new);
  }

  @Override
  public boolean usesCorosyncConnection() {
    return source == Source.NATIVE;
  }

  @Override
  public Optional<String> source() {
    return Optional.of(CollectorOption.choice(source));
  }

  @Override
  public void collect(CollectorContext context, SampleSink sink) throws CollectionException {
    if (source == Source.CFGTOOL) {
      emit(fromCfgtool(context), context.config(), sink);
      return;
    }
    CorosyncConfig config;
    CmapEntries stats;
    Optional<CmapEntries> answered = Optional.empty();
    if (source == Source.NATIVE) {
      config = context.config();
      answered = fromConnection(context, config);
    }
    if (answered.isPresent()) {
      config = context.config();
      stats = answered.get();
    } else {
      // The keys depend on the nodelist. Asking with last scrape's while this scrape's
      // configuration is read takes the configuration query off the critical path; the answer is
      // used only if the nodelist turns out unchanged, so nothing stale is ever exported.
      List<String> guessed =
          context.previousConfig().map(LinksCollector::statsArguments).orElse(null);
      CommandResult early = guessed == null ? null : context.run(statsQuery(context, guessed));
      config = context.config();
      List<String> arguments = statsArguments(config);
      CommandResult result =
          early != null && arguments.equals(guessed)
              ? early
              : context.run(statsQuery(context, arguments));
      stats = fromTool(result);
    }
    try {
      emit(KnetStatsParser.parse(stats, config.localNodeId()), config, sink);
      TotemSeries.emit(TotemStatsParser.parse(stats), sink);
    } catch (ParseException e) {
      throw new CollectionException(e.getMessage(), e);
    }
  }

  /**
   * The stats query's keys and prefix over the kept-open stats-map connection, in one call; empty
   * when corosync left the connection unanswered (a membership that cannot form), for the tool's
   * fresh connection to ask this scrape.
   */
  private static Optional<CmapEntries> fromConnection(
      CollectorContext context, CorosyncConfig config) throws CollectionException {
    CmapEntries stats;
    try {
      stats =
          context
              .corosync()
              .stats(exactKeys(config), List.of(TotemSeries.SCHEDMISS_PREFIX), context.callWait());
    } catch (CorosyncException e) {
      if (e.unanswered()) {
        LOG.debug("links: {}; asking corosync-cmapctl this scrape", e.getMessage());
        return Optional.empty();
      }
      throw new CollectionException(e.getMessage(), e);
    }
    if (stats.entries().isEmpty()) {
      // As the tool path: corosync answers but has none of the stats asked for.
      throw new CollectionException("corosync's stats map has none of the keys asked for");
    }
    return Optional.of(stats);
  }

  /**
   * corosync-cmapctl in prefix mode (no -g) on {@code arguments}: every exact key is listed alone,
   * since none is a prefix of another key.
   */
  private static List<String> statsQuery(CollectorContext context, List<String> arguments) {
    List<String> argv =
        new ArrayList<>(List.of(context.path(CorosyncTools.CMAPCTL), "-m", "stats"));
    argv.addAll(arguments);
    return argv;
  }

  /**
   * The stats query's arguments: {@link #exactKeys} and the scheduler-miss prefix. Prefix mode, not
   * -g: -g stops at the first missing key (a node with fewer links than the nodelist says, or
   * corosync without stats.srp.) and cannot read stats.schedmiss. at all; a prefix that matches
   * nothing is simply not listed. That is also why no fallback walk of stats.knet.node is needed
   * any more. One run rather than two: a second cmapctl run costs corosync more than the keys.
   */
  static List<String> statsArguments(CorosyncConfig config) {
    List<String> arguments = exactKeys(config);
    arguments.add(TotemSeries.SCHEDMISS_PREFIX);
    return arguments;
  }

  /** Every stat of {@link #STAT_NAMES} for each link to each peer in the nodelist, then srp. */
  private static List<String> exactKeys(CorosyncConfig config) {
    List<String> keys = new ArrayList<>();
    for (CorosyncConfig.Node node : config.nodes()) {
      if (node.nodeId() == config.localNodeId()) {
        continue;
      }
      for (int link = 0; link < config.links(); link++) {
        for (String stat : STAT_NAMES) {
          keys.add("stats.knet.node" + node.nodeId() + ".link" + link + "." + stat);
        }
      }
    }
    keys.addAll(TotemSeries.SRP_KEYS);
    return keys;
  }

  /**
   * The stats query's listing. Exit 1 with nothing printed means none of the keys exists (corosync
   * answers but has no stats) or cmapctl could not connect: a failure. Exit 1 with keys printed is
   * taken as data (a prefix matching nothing must never cost the rest).
   */
  private static CmapEntries fromTool(CommandResult result) throws CollectionException {
    if (!(result.exitedWith(0) || (result.exitedWith(1) && !result.stdout().isBlank()))) {
      throw CollectionException.of(result);
    }
    CmapEntries stats = ToolOutput.parse(result, CmapctlParser::parse);
    if (stats.entries().isEmpty()) {
      throw CollectionException.of(result);
    }
    return stats;
  }

  private static List<KnetLink> fromCfgtool(CollectorContext context) throws CollectionException {
    CommandResult result = context.run(context.path(CorosyncTools.CFGTOOL), "-s");
    // 3.0.4–3.1.0 exit 1 when any link is down, with the full status printed: that is data.
    if (!result.exitedWith(0, 1) || result.stdout().isBlank()) {
      throw CollectionException.of(result);
    }
    LinkStatus status = ToolOutput.parse(result, CfgtoolStatusParser::parse);
    List<KnetLink> links = new ArrayList<>();
    for (LinkStatus.Entry e : status.entries()) {
      if (e.state() == LinkStatus.State.LOCALHOST || e.nodeId() == status.localNodeId()) {
        continue;
      }
      links.add(
          new KnetLink(
              e.nodeId(),
              e.link(),
              e.enabled(),
              e.state() == LinkStatus.State.CONNECTED,
              OptionalLong.empty(),
              OptionalDouble.empty(),
              OptionalLong.empty()));
    }
    return links;
  }

  static void emit(List<KnetLink> links, CorosyncConfig config, SampleSink sink) {
    Map<Long, Boolean> reachable = new LinkedHashMap<>();
    for (KnetLink l : links) {
      String peer = Long.toString(l.peerId());
      String name = config.node(l.peerId()).map(CorosyncConfig.Node::name).orElse("");
      String link = Integer.toString(l.link());
      sink.add(LINK_CONNECTED, l.connected(), link, peer, name);
      sink.add(LINK_ENABLED, l.enabled(), link, peer, name);
      l.latencySeconds().ifPresent(v -> sink.add(LINK_LATENCY, v, link, peer, name));
      l.mtuBytes().ifPresent(v -> sink.add(LINK_MTU, (double) v, link, peer, name));
      l.downCount().ifPresent(v -> sink.add(LINK_DOWN, (double) v, link, peer, name));
      emitTraffic(l.traffic(), sink, link, peer, name);
      // knet calls a host reachable when at least one enabled link to it is connected.
      reachable.merge(l.peerId(), l.enabled() && l.connected(), Boolean::logicalOr);
    }
    reachable.forEach(
        (peer, up) ->
            sink.add(
                PEER_REACHABLE,
                up,
                Long.toString(peer),
                config.node(peer).map(CorosyncConfig.Node::name).orElse("")));
  }

  private static void emitTraffic(KnetLink.Traffic t, SampleSink sink, String... labels) {
    add(sink, PINGS_SENT, t.pingsSent(), labels);
    add(sink, PONGS_RECEIVED, t.pongsReceived(), labels);
    add(sink, SEND_RETRIES, t.sendRetries(), labels);
    add(sink, SEND_ERRORS, t.sendErrors(), labels);
    add(sink, DATA_SENT_PACKETS, t.dataSentPackets(), labels);
    add(sink, DATA_RECEIVED_PACKETS, t.dataReceivedPackets(), labels);
    add(sink, DATA_SENT_BYTES, t.dataSentBytes(), labels);
    add(sink, DATA_RECEIVED_BYTES, t.dataReceivedBytes(), labels);
  }

  private static void add(SampleSink sink, MetricDef metric, OptionalLong value, String... labels) {
    value.ifPresent(v -> sink.add(metric, (double) v, labels));
  }

  /** Registers the collector by its name (see {@link CollectorDefinition}). */
  @AutoService(CollectorDefinition.class)
  public static final class Definition extends CollectorDefinition.Base {
    public Definition() {
      super(SPEC, settings -> new LinksCollector(settings.get(SOURCE)));
    }
  }
}
