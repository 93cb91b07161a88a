package dev.corosyncexporter.collector;

import com.google.auto.service.AutoService;
import dev.corosyncexporter.collector.PveRead.Outcome;
import dev.corosyncexporter.parse.PveFileParser;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proxmox VE: what quorum loss does to a node. pmxcfs's own view (/etc/pve/.members: quorate, and
 * with it writable; who is online), each node's HA LRM status and its age, the CRM's
 * manager_status, and whether a watchdog-mux client is connected on this node. Reads only, never
 * writes. Each of these parts is read and reported on its own (corosync_pve_read_success): a file
 * that cannot be read or understood costs only the series that come from it, so the watchdog and
 * pmxcfs series that the self-fence page needs survive a bad HA file. Locally /etc/pve is read on
 * one guarded thread (/etc/pve is FUSE: a hung pmxcfs blocks readers in the kernel) and the
 * watchdog marker, on /run, beside it; in central mode all of it in one command per node, the SSH
 * wrapper's pve_read ({@link PveRemoteReader}).
 */
public final class PveCollector implements Collector {
  private static final Logger LOG = LoggerFactory.getLogger(PveCollector.class);

  public static final MetricDef READ_SUCCESS =
      MetricDef.gauge(
          "corosync_pve_read_success",
          "1 when the part was read and understood this scrape (a file that may be absent and is"
              + " counts as read), 0 when not: its series are then absent. part: members, writable,"
              + " watchdog, manager_status, lrm_status (every lrm_status that exists).",
          "part");
  public static final MetricDef LRM_STATUS_READ_SUCCESS =
      MetricDef.gauge(
          "corosync_pve_ha_lrm_status_read_success",
          "Per node whose lrm_status was looked for (each member, and always this node): 1 read"
              + " and understood, or no such file; 0 it exists but could not be read or understood,"
              + " so that node's LRM state is unknown.",
          "member_name");
  public static final MetricDef READER_BLOCKED_SINCE =
      MetricDef.gauge(
          "corosync_pve_reader_blocked_since_seconds",
          "Present only while the /etc/pve reader is blocked on a read that has not returned (a"
              + " hung pmxcfs): when that read started, in seconds since the epoch.");
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
          "1 while HA is disarming or disarmed (manager_status disarm, pve-ha-manager 5.1.3 and"
              + " later), else 0.");
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
          "1 while /run/watchdog-mux.active exists: some watchdog-mux client is connected (the"
              + " node's LRM holding its agent lock, or the CRM master). Alone it does not mean the"
              + " node reboots on quorum loss: the CRM master releases its client cleanly.");

  static final List<String> LRM_STATES =
      List.of("wait_for_agent_lock", "active", "maintenance", "lost_agent_lock");
  static final List<String> LRM_MODES =
      List.of("active", "shutdown", "restart", "maintenance", "disarm");

  /** HA is off (or turning off) in these disarm states; another, newer one is shown by the info. */
  static final List<String> DISARM_STATES = List.of("disarming", "disarmed");

  static final List<String> NODE_STATES =
      List.of("online", "maintenance", "unknown", "fence", "gone");
  static final List<String> SERVICE_STATES =
      List.of(
          "stopped",
          "request_stop",
          "request_start",
          "request_start_balance",
          "started",
          "fence",
          "recovery",
          "migrate",
          "relocate",
          "freeze",
          "error");

  /** The parts of corosync_pve_read_success, always all of them. */
  static final String PART_MEMBERS = "members";

  static final String PART_WRITABLE = "writable";
  static final String PART_WATCHDOG = "watchdog";
  static final String PART_MANAGER = "manager_status";
  static final String PART_LRM = "lrm_status";

  static final CollectorSpec SPEC =
      CollectorSpec.builder("pve", CollectorSpec.Role.NODE)
          .help("Proxmox VE: pmxcfs quorum and writability, HA LRM/CRM state, watchdog armed")
          .presentOn(
              h -> h.mountType(PveFiles.ETC_PVE).filter(t -> t.startsWith("fuse")).isPresent())
          .parser("pve-members", PveFileParser::parseMembers, "pve-members-")
          .parser("pve-lrm-status", PveFileParser::parseLrmStatus, "pve-lrm-status-")
          .parser("pve-manager-status", PveFileParser::parseManagerStatus, "pve-manager-status-")
          .metrics(
              READ_SUCCESS,
              LRM_STATUS_READ_SUCCESS,
              READER_BLOCKED_SINCE,
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

  private final Clock clock;
  private final PveLocalReader local;
  private final PveRemoteReader remote;
  private final PartLog partLog;

  /** Per node (runner target): its name as .members last said it, for when .members cannot. */
  private final Map<String, String> lastNodeName = new ConcurrentHashMap<>();

  /**
   * @param root where / is for local reads (tests use a folder)
   * @param stuckAfter a local read running longer than this is taken as hung ({@link
   *     PveLocalReader#STUCK_AFTER})
   */
  PveCollector(Clock clock, Path root, Duration stuckAfter) {
    this(clock, root, stuckAfter, new PartLog(LOG::warn, LOG::info));
  }

  PveCollector(Clock clock, Path root, Duration stuckAfter, PartLog partLog) {
    this.clock = clock;
    this.local = new PveLocalReader(root, clock, stuckAfter);
    this.remote = new PveRemoteReader(clock);
    this.partLog = partLog;
  }

  /** The local reader, for tests: its thread and the calls queued on it. */
  PveLocalReader localReader() {
    return local;
  }

  @Override
  public void collect(CollectorContext context, SampleSink sink) throws CollectionException {
    String target = context.target();
    Optional<String> ownNode = ownNode(context, target);
    Optional<PveRead> read;
    Outcome<Boolean> watchdog;
    Optional<Instant> blockedSince = Optional.empty();
    if (context.onThisMachine()) {
      // Outside the guarded reader: the marker is on /run, and must show while pmxcfs hangs.
      watchdog = Outcome.of(local.exists(PveFiles.WATCHDOG_MARKER));
      PveLocalReader.Answer answer = local.read(context.deadline(), ownNode);
      read = answer.read();
      blockedSince = answer.blockedSince();
    } else {
      Optional<PveRemoteReader.Answer> answer = remote.read(context, ownNode);
      if (answer.isEmpty()) {
        return; // no /etc/pve at all over SSH: not a Proxmox VE node, nothing to watch
      }
      read = Optional.of(answer.get().read());
      watchdog = answer.get().watchdog();
    }
    if (read.isEmpty()) {
      return; // (locally never: the collector runs only where /etc/pve is pmxcfs's mount)
    }
    PveRead r = read.get();
    r.members().value().ifPresent(m -> lastNodeName.put(target, m.nodeName()));
    PveSeries.emit(r, watchdog, clock.millis() / 1000.0, sink);
    blockedSince.ifPresent(s -> sink.add(READER_BLOCKED_SINCE, s.toEpochMilli() / 1000.0));
    partLog.report(target, PveSeries.reasons(r, watchdog));
  }

  /**
   * This node's name for its own lrm_status when .members cannot tell it: corosync's name for it
   * (the node_name its series carry), else what .members said last.
   */
  private Optional<String> ownNode(CollectorContext context, String target) {
    return context
        .previousConfig()
        .flatMap(c -> c.localNodeName())
        .filter(n -> PveFileParser.NODE_NAME.matcher(n).matches())
        .or(() -> Optional.ofNullable(lastNodeName.get(target)));
  }

  /** Registers the collector by its name (see {@link CollectorDefinition}). */
  @AutoService(CollectorDefinition.class)
  public static final class Definition extends CollectorDefinition.Base {
    public Definition() {
      super(
          SPEC,
          settings ->
              new PveCollector(Clock.systemUTC(), Path.of("/"), PveLocalReader.STUCK_AFTER));
    }
  }
}
