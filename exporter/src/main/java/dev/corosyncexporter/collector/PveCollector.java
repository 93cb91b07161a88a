package dev.corosyncexporter.collector;

import com.google.auto.service.AutoService;
import dev.corosyncexporter.parse.HaManagerStatus;
import dev.corosyncexporter.parse.PmxcfsMembers;
import dev.corosyncexporter.parse.PveFileParser;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Proxmox VE: what quorum loss does to a node. pmxcfs's own view (/etc/pve/.members: quorate, and
 * with it writable; who is online), each node's HA LRM status and its age, the CRM's
 * manager_status, and whether this node's watchdog is armed (it then reboots about 60 s after it
 * lost quorum). Reads only, never writes. Locally the files are read on one dedicated thread
 * (/etc/pve is FUSE: a hung pmxcfs blocks readers in the kernel); in central mode through the
 * node's runner with the commands the SSH wrapper allows.
 */
public final class PveCollector implements Collector {
  public static final MetricDef PMXCFS_QUORATE =
      MetricDef.gauge(
          "corosync_pve_pmxcfs_quorate",
          "1 when pmxcfs considers this node quorate (/etc/pve/.members); while 0, /etc/pve is"
              + " read-only.");
  public static final MetricDef PMXCFS_WRITABLE =
      MetricDef.gauge(
          "corosync_pve_pmxcfs_writable",
          "1 when /etc/pve accepts writes, from the mode pmxcfs reports on /etc/pve/corosync.conf"
              + " (0640 quorate, 0440 not); never a write.");
  public static final MetricDef PMXCFS_CONFIG_VERSION =
      MetricDef.gauge(
          "corosync_pve_pmxcfs_config_version",
          "corosync config_version as pmxcfs sees it (/etc/pve/.members).");
  public static final MetricDef MEMBER_ONLINE =
      MetricDef.gauge(
          "corosync_pve_member_online",
          "1 when pmxcfs on this node sees the member online.",
          "member_id",
          "member_name");
  public static final MetricDef LRM_STATE =
      MetricDef.gauge(
          "corosync_pve_ha_lrm_state",
          "HA local resource manager state of each member (its lrm_status), one series per state.",
          "member_name",
          "state");
  public static final MetricDef LRM_MODE =
      MetricDef.gauge(
          "corosync_pve_ha_lrm_mode",
          "HA local resource manager mode of each member (its lrm_status), one series per mode.",
          "member_name",
          "mode");
  public static final MetricDef LRM_STATUS_AGE =
      MetricDef.gauge(
          "corosync_pve_ha_lrm_status_age_seconds",
          "Seconds since the member's LRM last wrote its lrm_status (it writes only while quorate).",
          "member_name");
  public static final MetricDef MASTER_INFO =
      MetricDef.info(
          "corosync_pve_ha_master_info", "The HA CRM master (manager_status).", "member_name");
  public static final MetricDef MANAGER_STATUS_AGE =
      MetricDef.gauge(
          "corosync_pve_ha_manager_status_age_seconds",
          "Seconds since the CRM master last wrote manager_status.");
  public static final MetricDef NODE_STATUS =
      MetricDef.gauge(
          "corosync_pve_ha_node_status",
          "HA node status in the CRM's view (manager_status), one series per status.",
          "member_name",
          "status");
  public static final MetricDef DISARMED =
      MetricDef.gauge(
          "corosync_pve_ha_disarmed",
          "1 while HA is disarming or disarmed (manager_status disarm, PVE 9), else 0.");
  public static final MetricDef DISARM_INFO =
      MetricDef.info(
          "corosync_pve_ha_disarm_info",
          "HA disarm state and resource mode, present only while disarm is.",
          "state",
          "resource_mode");
  public static final MetricDef SERVICES =
      MetricDef.gauge(
          "corosync_pve_ha_services", "HA services per state (manager_status).", "state");
  public static final MetricDef WATCHDOG_ARMED =
      MetricDef.gauge(
          "corosync_pve_watchdog_armed",
          "1 when a watchdog-mux client (HA LRM or CRM) is connected (/run/watchdog-mux.active):"
              + " this node then reboots about 60 s after it lost quorum.");

  static final List<String> LRM_STATES =
      List.of("wait_for_agent_lock", "active", "maintenance", "lost_agent_lock");
  static final List<String> LRM_MODES =
      List.of("active", "reboot", "shutdown", "restart", "maintenance", "disarm");

  /** HA is off (or turning off) in these disarm states; another, newer one is shown by the info. */
  static final List<String> DISARM_STATES = List.of("disarming", "disarmed");

  static final List<String> NODE_STATES =
      List.of("online", "maintenance", "unknown", "fence", "gone");
  static final List<String> SERVICE_STATES =
      List.of(
          "started",
          "stopped",
          "request_stop",
          "request_start",
          "freeze",
          "fence",
          "recovery",
          "migrate",
          "relocate",
          "error",
          "disabled",
          "ignored");

  /** Registers the collector (see {@link CollectorDefinition}). */
  @AutoService(CollectorDefinition.class)
  public static final class Definition implements CollectorDefinition {
    @Override
    public CollectorSpec spec() {
      return CollectorSpec.builder("pve", CollectorSpec.Role.NODE)
          .help("Proxmox VE: pmxcfs quorum and writability, HA LRM/CRM state, watchdog armed")
          .presentOn(
              h -> h.mountType(PveFiles.ETC_PVE).filter(t -> t.startsWith("fuse")).isPresent())
          .parser("pve-members", PveFileParser::parseMembers, "pve-members-")
          .parser("pve-lrm-status", PveFileParser::parseLrmStatus, "pve-lrm-status-")
          .parser("pve-manager-status", PveFileParser::parseManagerStatus, "pve-manager-status-")
          .metrics(
              PMXCFS_QUORATE,
              PMXCFS_WRITABLE,
              PMXCFS_CONFIG_VERSION,
              MEMBER_ONLINE,
              LRM_STATE,
              LRM_MODE,
              LRM_STATUS_AGE,
              MASTER_INFO,
              MANAGER_STATUS_AGE,
              NODE_STATUS,
              DISARMED,
              DISARM_INFO,
              SERVICES,
              WATCHDOG_ARMED)
          .build();
    }

    @Override
    public Collector create(CollectorSettings settings) {
      return new PveCollector(Clock.systemUTC(), Path.of("/"), PveFiles.STUCK_AFTER);
    }
  }

  private final Clock clock;
  private final PveFiles.LocalReader local;

  /**
   * @param root where / is for local reads (tests use a folder)
   * @param stuckAfter a local read running longer than this is taken as hung ({@link
   *     PveFiles#STUCK_AFTER})
   */
  PveCollector(Clock clock, Path root, Duration stuckAfter) {
    this.clock = clock;
    this.local = new PveFiles.LocalReader(root, stuckAfter);
  }

  /** The local reader, for tests: its thread and the calls queued on it. */
  PveFiles.LocalReader localReader() {
    return local;
  }

  @Override
  public void collect(CollectorContext context, SampleSink sink) throws CollectionException {
    Optional<PveFiles.Read> files =
        context.onThisMachine()
            ? local.read(context.deadline())
            : PveFiles.readAll(new PveFiles.RemoteSource(context));
    if (files.isEmpty()) {
      return; // no /etc/pve at all over SSH: not a Proxmox VE node, nothing to watch
    }
    emit(files.get(), sink);
  }

  private void emit(PveFiles.Read f, SampleSink sink) {
    double now = clock.millis() / 1000.0;
    sink.add(PMXCFS_QUORATE, f.cluster().quorate());
    f.writable().ifPresent(w -> sink.add(PMXCFS_WRITABLE, w));
    sink.add(PMXCFS_CONFIG_VERSION, f.cluster().configVersion());
    for (PmxcfsMembers.Member m : f.members().members()) {
      sink.add(MEMBER_ONLINE, m.online(), Long.toString(m.id()), m.name());
    }
    f.lrm()
        .forEach(
            (node, s) -> {
              stateSet(sink, LRM_STATE, s.state(), LRM_STATES, node);
              stateSet(sink, LRM_MODE, s.mode(), LRM_MODES, node);
              sink.add(LRM_STATUS_AGE, now - s.timestamp(), node);
            });
    f.manager().ifPresent(m -> emitManager(m, now, sink));
    sink.add(WATCHDOG_ARMED, f.watchdogArmed());
  }

  private static void emitManager(HaManagerStatus m, double now, SampleSink sink) {
    sink.add(MASTER_INFO, 1, m.masterNode());
    sink.add(MANAGER_STATUS_AGE, now - m.timestamp());
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
