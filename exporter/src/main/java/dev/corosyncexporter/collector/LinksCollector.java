package dev.corosyncexporter.collector;

import com.google.auto.service.AutoService;
import dev.corosyncexporter.command.CommandResult;
import dev.corosyncexporter.corosync.CorosyncException;
import dev.corosyncexporter.parse.CfgtoolStatusParser;
import dev.corosyncexporter.parse.CmapctlParser;
import dev.corosyncexporter.parse.CorosyncConfig;
import dev.corosyncexporter.parse.KnetLink;
import dev.corosyncexporter.parse.KnetStatsParser;
import dev.corosyncexporter.parse.LinkStatus;
import dev.corosyncexporter.parse.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * knet link state to every peer. By default from corosync's stats map: the same per-link enabled
 * and connected bits that corosync-cfgtool prints, plus latency, MTU and down counts, in one query.
 * With {@link Source#CFGTOOL} it parses corosync-cfgtool -s instead (any 3.x layout; no latency or
 * counters).
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

  static final CollectorOption<Source> SOURCE =
      new CollectorOption<>(
          "source",
          Source.STATS,
          "stats (cmap stats map: state, latency, MTU, counters), cfgtool (corosync-cfgtool -s) or"
              + " native (the stats map over a connection kept open; local mode only)");

  /** The collector's name, help, flags, tools, parsers and metrics; see {@link CollectorSpec}. */
  static final CollectorSpec SPEC =
      CollectorSpec.builder("links", CollectorSpec.Role.NODE)
          .help("knet link state")
          .presentOn(HostFacts::corosyncNode)
          .needsConfig()
          .tools(CorosyncTools.CFGTOOL)
          .option(SOURCE)
          .parser("knet", t -> KnetStatsParser.parse(CmapctlParser.parse(t), 1), "cmapctl-stats-")
          .parser("cfgtool-s", CfgtoolStatusParser::parse, "cfgtool-s")
          .metrics(LINK_CONNECTED, LINK_ENABLED, LINK_LATENCY, LINK_MTU, LINK_DOWN, PEER_REACHABLE)
          .build();

  /** The --collector.links.source choices, in the order the help lists them. */
  enum Source {
    STATS,
    CFGTOOL,
    NATIVE
  }

  /**
   * The stats keys read per peer and link; asking for exact keys costs a third of a prefix walk.
   */
  static final List<String> STAT_NAMES =
      List.of("enabled", "connected", "mtu", "latency_ave", "latency_samples", "down_count");

  private final Source source;

  LinksCollector(Source source) {
    this.source = source;
  }

  @Override
  public boolean usesCorosyncConnection() {
    return source == Source.NATIVE;
  }

  @Override
  public void collect(CollectorContext context, SampleSink sink) throws CollectionException {
    if (source == Source.NATIVE) {
      CorosyncConfig config = context.config();
      emit(fromConnection(context, config), config, sink);
      return;
    }
    if (source == Source.CFGTOOL) {
      List<KnetLink> links = fromCfgtool(context);
      emit(links, context.config(), sink);
      return;
    }
    // The keys depend on the nodelist. Asking with last scrape's while this scrape's configuration
    // is read takes the configuration query off the critical path; the answer is used only if the
    // nodelist turns out unchanged, so nothing stale is ever exported.
    List<String> guessed =
        context.previousConfig().map(LinksCollector::statsKeys).orElse(List.of());
    CommandResult early = guessed.isEmpty() ? null : context.run(statsQuery(context, guessed));
    CorosyncConfig config = context.config();
    List<String> keys = statsKeys(config);
    CommandResult result =
        early != null && keys.equals(guessed)
            ? early
            : keys.isEmpty() ? null : context.run(statsQuery(context, keys));
    emit(fromStats(context, config, result), config, sink);
  }

  /**
   * The keys the stats source asks cmapctl -g for, asked over the kept-open stats-map connection.
   */
  private static List<KnetLink> fromConnection(CollectorContext context, CorosyncConfig config)
      throws CollectionException {
    try {
      return KnetStatsParser.parse(
          context.corosync().stats(statsKeys(config), context.callWait()), config.localNodeId());
    } catch (CorosyncException | ParseException e) {
      throw new CollectionException(e.getMessage(), e);
    }
  }

  /** corosync-cmapctl reading exactly {@code keys} from the stats map. */
  private static List<String> statsQuery(CollectorContext context, List<String> keys) {
    List<String> argv =
        new ArrayList<>(List.of(context.path(CorosyncTools.CMAPCTL), "-m", "stats", "-g"));
    argv.addAll(keys);
    return argv;
  }

  /** Every stat of {@link #STAT_NAMES} for each link to each peer in the nodelist. */
  private static List<String> statsKeys(CorosyncConfig config) {
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
    return keys;
  }

  private static List<KnetLink> fromStats(
      CollectorContext context, CorosyncConfig config, CommandResult result)
      throws CollectionException {
    if (result == null || !result.exitedWith(0)) {
      // -g stops at the first missing key (a node configured with fewer links); walk the prefix
      // instead.
      result = context.run(context.path(CorosyncTools.CMAPCTL), "-m", "stats", "stats.knet.node");
      if (!result.exitedWith(0)) {
        throw CollectionException.of(result);
      }
    }
    return ToolOutput.parse(
        result, text -> KnetStatsParser.parse(CmapctlParser.parse(text), config.localNodeId()));
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

  /** Registers the collector by its name (see {@link CollectorDefinition}). */
  @AutoService(CollectorDefinition.class)
  public static final class Definition extends CollectorDefinition.Base {
    public Definition() {
      super(SPEC, settings -> new LinksCollector(settings.get(SOURCE)));
    }
  }
}
