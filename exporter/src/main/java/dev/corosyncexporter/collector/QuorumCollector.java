package dev.corosyncexporter.collector;

import com.google.auto.service.AutoService;
import dev.corosyncexporter.command.CommandResult;
import dev.corosyncexporter.corosync.CorosyncClient;
import dev.corosyncexporter.corosync.CorosyncException;
import dev.corosyncexporter.corosync.QuorumAnswer;
import dev.corosyncexporter.corosync.QuorumStatuses;
import dev.corosyncexporter.corosync.VotequorumView;
import dev.corosyncexporter.parse.CorosyncConfig;
import dev.corosyncexporter.parse.QuorumFlag;
import dev.corosyncexporter.parse.QuorumStatus;
import dev.corosyncexporter.parse.QuorumtoolParser;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Quorum state in this node's view: corosync-quorumtool -p, or pvecm status on Proxmox. */
public final class QuorumCollector implements Collector {
  public static final MetricDef QUORATE =
      MetricDef.gauge(
          "corosync_quorate", "1 when this node's quorum service reports Quorate: Yes.");
  public static final MetricDef ACTIVITY_BLOCKED =
      MetricDef.gauge(
          "corosync_activity_blocked",
          "1 when votequorum reports 'Activity blocked': this node may not change cluster state.");
  public static final MetricDef EXPECTED_VOTES =
      MetricDef.gauge("corosync_quorum_expected_votes", "Expected votes in this node's view.");
  public static final MetricDef HIGHEST_EXPECTED_VOTES =
      MetricDef.gauge(
          "corosync_quorum_highest_expected_votes",
          "Highest expected votes among the current members.");
  public static final MetricDef TOTAL_VOTES =
      MetricDef.gauge(
          "corosync_quorum_total_votes",
          "Votes present in this node's view, including the QDevice vote when this node's qdevice casts it.");
  public static final MetricDef REQUIRED_VOTES =
      MetricDef.gauge(
          "corosync_quorum_required_votes", "Votes needed for quorum (the Quorum: line).");
  public static final MetricDef MEMBERSHIP_NODES =
      MetricDef.gauge("corosync_membership_nodes", "Nodes in this node's current membership.");
  public static final MetricDef RING_SEQUENCE =
      MetricDef.gauge(
          "corosync_ring_sequence",
          "Sequence number of the current ring id; it changes on every membership change.");
  public static final MetricDef QUORUM_FLAG =
      MetricDef.gauge(
          "corosync_quorum_flag", "1 when votequorum reports this flag on this node.", "flag");
  public static final MetricDef MEMBER_VOTES =
      MetricDef.gauge(
          "corosync_member_votes",
          "Votes of each member in this node's view.",
          "member_id",
          "member_name");
  public static final MetricDef MEMBER_QDEVICE_FLAG =
      MetricDef.gauge(
          "corosync_member_qdevice_flag",
          "QDevice state of each member as votequorum reports it (the Qdevice column).",
          "member_id",
          "member_name",
          "flag");
  public static final MetricDef QDEVICE_VOTES =
      MetricDef.gauge(
          "corosync_qdevice_votes",
          "Votes the QDevice contributes in this node's view now (0 when this node's qdevice does not cast).");

  public static final Tool PVECM = new Tool("pvecm", "/usr/bin/pvecm");
  static final CollectorOption<Source> SOURCE =
      new CollectorOption<>(
          "source",
          Source.NATIVE,
          Source.QUORUMTOOL,
          "native (votequorum and quorum over connections kept open to corosync; local mode"
              + " only), quorumtool (corosync-quorumtool -p) or pvecm (pvecm status)");

  /** The collector's name, help, flags, tools, parsers and metrics; see {@link CollectorSpec}. */
  static final CollectorSpec SPEC =
      CollectorSpec.builder("quorum", CollectorSpec.Role.NODE)
          .help("Quorum state from corosync-quorumtool")
          .presentOn(HostFacts::corosyncNode)
          .needsConfig()
          .tools(CorosyncTools.QUORUMTOOL, PVECM)
          .option(SOURCE)
          .parser("quorumtool", QuorumtoolParser::parse, "quorumtool-", "pvecm-")
          .metrics(
              QUORATE,
              ACTIVITY_BLOCKED,
              EXPECTED_VOTES,
              HIGHEST_EXPECTED_VOTES,
              TOTAL_VOTES,
              REQUIRED_VOTES,
              MEMBERSHIP_NODES,
              RING_SEQUENCE,
              QUORUM_FLAG,
              MEMBER_VOTES,
              MEMBER_QDEVICE_FLAG,
              QDEVICE_VOTES)
          .build();

  /** The --collector.quorum.source choices, in the order the help lists them. */
  enum Source {
    QUORUMTOOL,
    PVECM,
    NATIVE
  }

  /**
   * Every flag is always exported, so a flag turning off is a 0, not a vanished series. "Quorate"
   * has its own metric.
   */
  static final List<QuorumFlag> EXPORTED_FLAGS =
      List.copyOf(EnumSet.complementOf(EnumSet.of(QuorumFlag.QUORATE)));

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(QuorumCollector.class);

  private final Source source;

  QuorumCollector(Source source) {
    this.source = source;
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
    if (source == Source.NATIVE && fromConnection(context, sink)) {
      return;
    }
    CommandResult result =
        switch (source) {
          // -p forces the Qdevice column, so a missing qdevice registration reads NR rather than
          // vanishing.
          case QUORUMTOOL, NATIVE -> context.run(context.path(CorosyncTools.QUORUMTOOL), "-p");
          case PVECM -> context.run(context.path(PVECM), "status");
        };
    if (!isStatus(result)) {
      throw CollectionException.of(result);
    }
    QuorumStatus status = ToolOutput.parse(result, QuorumtoolParser::parse);
    boolean qdeviceConfigured =
        context.configIfKnown().map(c -> c.qdeviceConfigured()).orElse(false);
    emit(status, qdeviceConfigured, sink);
  }

  /**
   * The record quorumtool's output parses to, built from votequorum's and quorum's answers, and
   * emitted; false where votequorum does not run (no quorum provider configured), for the tool to
   * report what it reports there: a rare set-up, so it keeps one implementation of that output.
   *
   * <p>The answers need no configuration (votequorum names the local node); only the members' names
   * come from it, this scrape's or else the last one read.
   */
  private static boolean fromConnection(CollectorContext context, SampleSink sink)
      throws CollectionException {
    CorosyncClient client = context.corosync();
    try {
      QuorumAnswer quorum = client.quorum(context.callWait());
      if (!quorum.providerConfigured()) {
        return false;
      }
      VotequorumView view = client.votequorum(context.callWait());
      Optional<CorosyncConfig> config = context.configIfKnown().or(context::previousConfig);
      QuorumStatus status =
          QuorumStatuses.from(
              quorum.quorate(),
              view,
              view.local().nodeId(),
              id -> client.memberNames().of(config, id));
      emit(status, config.map(CorosyncConfig::qdeviceConfigured).orElse(false), sink);
      return true;
    } catch (CorosyncException e) {
      if (e.unanswered()) {
        // Kept connections unanswered while new ones are (a membership that cannot form): the
        // tool's fresh connection, for this scrape.
        LOG.debug("quorum: {}; asking corosync-quorumtool this scrape", e.getMessage());
        return false;
      }
      throw new CollectionException(e.getMessage(), e);
    }
  }

  /**
   * Exit 2 is "not quorate" (corosync ≥ 3.0.2), a valid answer. Corosync ≤ 3.0.1 exited 1 when
   * quorate; there a full status block on stdout with nothing on stderr is the answer, anything
   * else a failure.
   */
  static boolean isStatus(CommandResult r) {
    if (r.exitedWith(0, 2)) {
      return true;
    }
    return r.exitedWith(1) && r.stderr().isBlank() && r.stdout().contains("Quorum information");
  }

  static void emit(QuorumStatus status, boolean qdeviceConfigured, SampleSink sink) {
    sink.add(QUORATE, status.quorate());
    sink.add(MEMBERSHIP_NODES, status.nodes());
    if (status.ringId() != null) {
      sink.add(RING_SEQUENCE, (double) status.ringId().sequence());
    }
    status
        .votequorum()
        .ifPresent(
            vq -> {
              sink.add(ACTIVITY_BLOCKED, vq.activityBlocked());
              sink.add(EXPECTED_VOTES, vq.expectedVotes());
              sink.add(HIGHEST_EXPECTED_VOTES, vq.highestExpected());
              sink.add(TOTAL_VOTES, vq.totalVotes());
              sink.add(REQUIRED_VOTES, vq.quorum());
              for (QuorumFlag flag : EXPORTED_FLAGS) {
                sink.add(QUORUM_FLAG, vq.flags().contains(flag), flag.label());
              }
            });
    Set<Long> memberIds = new HashSet<>();
    status.members().forEach(m -> memberIds.add(m.nodeId()));
    sink.quorumView(status.quorate(), memberIds);
    Set<Long> seen = new HashSet<>();
    for (QuorumStatus.Member m : status.members()) {
      if (!seen.add(m.nodeId())) {
        continue;
      }
      String id = Long.toString(m.nodeId());
      sink.add(MEMBER_VOTES, m.votes(), id, m.name());
      m.qdevice()
          .ifPresent(
              cell -> {
                sink.add(MEMBER_QDEVICE_FLAG, cell.registered(), id, m.name(), "registered");
                sink.add(MEMBER_QDEVICE_FLAG, cell.alive(), id, m.name(), "alive");
                sink.add(MEMBER_QDEVICE_FLAG, cell.voting(), id, m.name(), "voting");
                sink.add(MEMBER_QDEVICE_FLAG, cell.masterWins(), id, m.name(), "master_wins");
              });
    }
    if (status.qdeviceRow().isPresent()) {
      sink.add(QDEVICE_VOTES, status.qdeviceRow().get().votes());
    } else if (qdeviceConfigured) {
      // No member has a qdevice registered, so quorumtool prints no Qdevice row: it adds nothing.
      sink.add(QDEVICE_VOTES, 0);
    }
  }

  /** Registers the collector by its name (see {@link CollectorDefinition}). */
  @AutoService(CollectorDefinition.class)
  public static final class Definition extends CollectorDefinition.Base {
    public Definition() {
      super(SPEC, settings -> new QuorumCollector(settings.get(SOURCE)));
    }
  }
}
