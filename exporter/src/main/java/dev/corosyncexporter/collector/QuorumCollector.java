package dev.corosyncexporter.collector;

import dev.corosyncexporter.command.CommandResult;
import dev.corosyncexporter.parse.ParseException;
import dev.corosyncexporter.parse.QuorumFlag;
import dev.corosyncexporter.parse.QuorumStatus;
import dev.corosyncexporter.parse.QuorumtoolParser;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Quorum state in this node's view: corosync-quorumtool -p, or pvecm status on Proxmox. */
public final class QuorumCollector implements Collector {

  public enum Source {
    QUORUMTOOL,
    PVECM
  }

  /** Every flag is always exported, so a flag turning off is a 0, not a vanished series. "Quorate" has its own metric. */
  static final List<QuorumFlag> EXPORTED_FLAGS =
      List.copyOf(EnumSet.complementOf(EnumSet.of(QuorumFlag.QUORATE)));

  private final Source source;

  public QuorumCollector(Source source) {
    this.source = source;
  }

  @Override
  public String name() {
    return "quorum";
  }

  @Override
  public void collect(CollectorContext context, SampleSink sink) throws CollectionException {
    CommandResult result =
        switch (source) {
          // -p forces the Qdevice column, so a missing qdevice registration reads NR rather than vanishing.
          case QUORUMTOOL -> context.run(context.tools().quorumtool(), "-p");
          case PVECM -> context.run(context.tools().pvecm(), "status");
        };
    if (!isStatus(result)) {
      throw CollectionException.of(result);
    }
    QuorumStatus status;
    try {
      status = QuorumtoolParser.parse(result.stdout());
    } catch (ParseException e) {
      throw CollectionException.of(result, e);
    }
    boolean qdeviceConfigured = context.configIfKnown().map(c -> c.qdeviceConfigured()).orElse(false);
    emit(status, qdeviceConfigured, sink);
  }

  /**
   * Exit 2 is "not quorate" (corosync ≥ 3.0.2), a valid answer. Corosync ≤ 3.0.1 exited 1 when quorate;
   * there a full status block on stdout with nothing on stderr is the answer, anything else a failure.
   */
  static boolean isStatus(CommandResult r) {
    if (r.exitedWith(0, 2)) {
      return true;
    }
    return r.exitedWith(1) && r.stderr().isBlank() && r.stdout().contains("Quorum information");
  }

  static void emit(QuorumStatus status, boolean qdeviceConfigured, SampleSink sink) {
    sink.add(Metrics.QUORATE, status.quorate());
    sink.add(Metrics.MEMBERSHIP_NODES, status.nodes());
    if (status.ringId() != null) {
      sink.add(Metrics.RING_SEQUENCE, status.ringId().sequence());
    }
    status
        .votequorum()
        .ifPresent(
            vq -> {
              sink.add(Metrics.ACTIVITY_BLOCKED, vq.activityBlocked());
              sink.add(Metrics.EXPECTED_VOTES, vq.expectedVotes());
              sink.add(Metrics.HIGHEST_EXPECTED_VOTES, vq.highestExpected());
              sink.add(Metrics.TOTAL_VOTES, vq.totalVotes());
              sink.add(Metrics.REQUIRED_VOTES, vq.quorum());
              for (QuorumFlag flag : EXPORTED_FLAGS) {
                sink.add(Metrics.QUORUM_FLAG, vq.flags().contains(flag), flag.label());
              }
            });
    Set<Long> seen = new HashSet<>();
    for (QuorumStatus.Member m : status.members()) {
      if (!seen.add(m.nodeId())) {
        continue;
      }
      String id = Long.toString(m.nodeId());
      sink.add(Metrics.MEMBER_VOTES, m.votes(), id, m.name());
      m.qdevice()
          .ifPresent(
              cell -> {
                sink.add(Metrics.MEMBER_QDEVICE_FLAG, cell.registered(), id, m.name(), "registered");
                sink.add(Metrics.MEMBER_QDEVICE_FLAG, cell.alive(), id, m.name(), "alive");
                sink.add(Metrics.MEMBER_QDEVICE_FLAG, cell.voting(), id, m.name(), "voting");
                sink.add(Metrics.MEMBER_QDEVICE_FLAG, cell.masterWins(), id, m.name(), "master_wins");
              });
    }
    if (status.qdeviceRow().isPresent()) {
      sink.add(Metrics.QDEVICE_VOTES, status.qdeviceRow().get().votes());
    } else if (qdeviceConfigured) {
      // No member has a qdevice registered, so quorumtool prints no Qdevice row: it adds nothing.
      sink.add(Metrics.QDEVICE_VOTES, 0);
    }
  }
}
