package dev.corosyncexporter.collector;

import static dev.corosyncexporter.collector.PveCollector.DISARMED;
import static dev.corosyncexporter.collector.PveCollector.DISARM_INFO;
import static dev.corosyncexporter.collector.PveCollector.DISARM_STATES;
import static dev.corosyncexporter.collector.PveCollector.LRM_MODE;
import static dev.corosyncexporter.collector.PveCollector.LRM_MODES;
import static dev.corosyncexporter.collector.PveCollector.LRM_STATE;
import static dev.corosyncexporter.collector.PveCollector.LRM_STATES;
import static dev.corosyncexporter.collector.PveCollector.LRM_STATUS_AGE;
import static dev.corosyncexporter.collector.PveCollector.LRM_STATUS_READ_SUCCESS;
import static dev.corosyncexporter.collector.PveCollector.MANAGER_STATUS_AGE;
import static dev.corosyncexporter.collector.PveCollector.MASTER_INFO;
import static dev.corosyncexporter.collector.PveCollector.MEMBER_ONLINE;
import static dev.corosyncexporter.collector.PveCollector.NODE_STATES;
import static dev.corosyncexporter.collector.PveCollector.NODE_STATUS;
import static dev.corosyncexporter.collector.PveCollector.PART_LRM;
import static dev.corosyncexporter.collector.PveCollector.PART_MANAGER;
import static dev.corosyncexporter.collector.PveCollector.PART_MEMBERS;
import static dev.corosyncexporter.collector.PveCollector.PART_WATCHDOG;
import static dev.corosyncexporter.collector.PveCollector.PART_WRITABLE;
import static dev.corosyncexporter.collector.PveCollector.PMXCFS_CONFIG_VERSION;
import static dev.corosyncexporter.collector.PveCollector.PMXCFS_QUORATE;
import static dev.corosyncexporter.collector.PveCollector.PMXCFS_WRITABLE;
import static dev.corosyncexporter.collector.PveCollector.READ_SUCCESS;
import static dev.corosyncexporter.collector.PveCollector.SERVICES;
import static dev.corosyncexporter.collector.PveCollector.SERVICE_STATES;
import static dev.corosyncexporter.collector.PveCollector.WATCHDOG_ARMED;

import dev.corosyncexporter.collector.PveRead.Outcome;
import dev.corosyncexporter.parse.HaManagerStatus;
import dev.corosyncexporter.parse.PmxcfsMembers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pve collector's series from what one scrape read, part by part, and the parts' reasons. */
final class PveSeries {
  private PveSeries() {}

  /**
   * Every series of one node's parts: each part's success, and what the parts that were read say.
   */
  static void emit(PveRead r, Outcome<Boolean> watchdog, double now, SampleSink sink) {
    sink.add(READ_SUCCESS, r.members().ok(), PART_MEMBERS);
    sink.add(READ_SUCCESS, r.writable().ok(), PART_WRITABLE);
    sink.add(READ_SUCCESS, watchdog.ok(), PART_WATCHDOG);
    sink.add(READ_SUCCESS, r.manager().ok(), PART_MANAGER);
    sink.add(READ_SUCCESS, r.lrmUnderstood(), PART_LRM);
    watchdog.value().ifPresent(armed -> sink.add(WATCHDOG_ARMED, armed));
    // A standalone node (pmxcfs without a cluster) has no cluster part: nothing to say of quorum.
    r.members()
        .value()
        .flatMap(PmxcfsMembers::cluster)
        .ifPresent(
            c -> {
              sink.add(PMXCFS_QUORATE, c.quorate());
              sink.add(PMXCFS_CONFIG_VERSION, c.configVersion());
            });
    r.members()
        .value()
        .filter(m -> m.cluster().isPresent())
        .ifPresent(
            m -> {
              for (PmxcfsMembers.Member member : m.members()) {
                sink.add(MEMBER_ONLINE, member.online(), Long.toString(member.id()), member.name());
              }
            });
    r.writable().value().flatMap(w -> w).ifPresent(w -> sink.add(PMXCFS_WRITABLE, w));
    r.lrm()
        .forEach(
            (node, outcome) -> {
              sink.add(LRM_STATUS_READ_SUCCESS, outcome.ok(), node);
              outcome
                  .value()
                  .flatMap(s -> s)
                  .ifPresent(
                      s -> {
                        stateSet(sink, LRM_STATE, s.state(), LRM_STATES, node);
                        stateSet(sink, LRM_MODE, s.mode(), LRM_MODES, node);
                        s.timestamp().ifPresent(t -> sink.add(LRM_STATUS_AGE, now - t, node));
                      });
            });
    r.manager().value().flatMap(m -> m).ifPresent(m -> emitManager(m, now, sink));
  }

  /**
   * Each part's reason for the log ("" when read), and the members whose lrm_status was skipped.
   */
  static Map<String, String> reasons(PveRead r, Outcome<Boolean> watchdog) {
    Map<String, String> reasons = new LinkedHashMap<>();
    reasons.put(PART_MEMBERS, r.members().failure());
    reasons.put(PART_WRITABLE, r.writable().failure());
    reasons.put(PART_WATCHDOG, watchdog.failure());
    reasons.put(PART_MANAGER, r.manager().failure());
    r.lrm().forEach((node, o) -> reasons.put("lrm_status of " + node, o.failure()));
    r.notLookedFor()
        .forEach((node, why) -> reasons.put("lrm_status of " + node, "not looked for: " + why));
    return reasons;
  }

  private static void emitManager(HaManagerStatus m, double now, SampleSink sink) {
    m.masterNode().ifPresent(master -> sink.add(MASTER_INFO, 1, master));
    m.timestamp().ifPresent(t -> sink.add(MANAGER_STATUS_AGE, now - t));
    m.nodeStatus()
        .forEach((node, status) -> stateSet(sink, NODE_STATUS, status, NODE_STATES, node));
    sink.add(DISARMED, m.disarm().map(d -> DISARM_STATES.contains(d.state())).orElse(false));
    m.disarm().ifPresent(d -> sink.add(DISARM_INFO, 1, d.state(), d.resourceMode()));
    for (String state : SERVICE_STATES) {
      sink.add(SERVICES, m.serviceStates().getOrDefault(state, 0), state);
    }
    m.serviceStates().entrySet().stream()
        .filter(e -> !SERVICE_STATES.contains(e.getKey()))
        .forEach(e -> sink.add(SERVICES, e.getValue(), e.getKey()));
  }

  /** A state-set whose unknown (newer) value still shows, as its own series with 1. */
  private static void stateSet(
      SampleSink sink, MetricDef metric, String current, List<String> known, String member) {
    sink.stateSet(metric, current, known, member);
    if (!known.contains(current)) {
      sink.add(metric, 1, member, current);
    }
  }
}
