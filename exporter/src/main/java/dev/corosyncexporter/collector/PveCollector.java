package dev.corosyncexporter.collector;

import com.google.auto.service.AutoService;
import dev.corosyncexporter.command.CommandResult;
import dev.corosyncexporter.parse.HaManagerStatus;
import dev.corosyncexporter.parse.LrmStatus;
import dev.corosyncexporter.parse.ParseException;
import dev.corosyncexporter.parse.PmxcfsMembers;
import dev.corosyncexporter.parse.PveFileParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

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

  static final String ETC_PVE = "/etc/pve";
  static final String COROSYNC_CONF = "/etc/pve/corosync.conf";
  static final String WATCHDOG_FLAG = "/run/watchdog-mux.active";

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

  /**
   * A node name as Proxmox allows it (a host name). Checked before it becomes part of a path:
   * .members is pmxcfs's output, but a name is never trusted to stay inside /etc/pve/nodes.
   */
  static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,62}");

  /** Registers the collector (see {@link CollectorDefinition}). */
  @AutoService(CollectorDefinition.class)
  public static final class Definition implements CollectorDefinition {
    @Override
    public CollectorSpec spec() {
      return CollectorSpec.builder("pve", CollectorSpec.Role.NODE)
          .help("Proxmox VE: pmxcfs quorum and writability, HA LRM/CRM state, watchdog armed")
          .presentOn(h -> h.mountType(ETC_PVE).filter(t -> t.startsWith("fuse")).isPresent())
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
      return new PveCollector(Clock.systemUTC(), Path.of("/"));
    }
  }

  private final Clock clock;
  private final Path root;
  private BlockingReader reader;

  /**
   * @param root where / is for local reads (tests use a folder)
   */
  PveCollector(Clock clock, Path root) {
    this.clock = clock;
    this.root = root;
  }

  /**
   * The one reader thread, made at the first local scrape: in central mode the collector is shared
   * by every node and reads over their runners, never here.
   */
  private synchronized BlockingReader reader() {
    if (reader == null) {
      reader = new BlockingReader(ETC_PVE);
    }
    return reader;
  }

  @Override
  public void collect(CollectorContext context, SampleSink sink) throws CollectionException {
    Optional<Read> files;
    if (context.onThisMachine()) {
      LocalSource local = new LocalSource(root);
      files = reader().read(() -> readAll(local), context.deadline());
    } else {
      files = readAll(new RemoteSource(context));
    }
    if (files.isEmpty()) {
      return; // no /etc/pve at all over SSH: not a Proxmox VE node, nothing to watch
    }
    emit(files.get(), sink);
  }

  /** What one scrape read, already parsed: everything is read before anything is emitted. */
  record Read(
      PmxcfsMembers members,
      PmxcfsMembers.Cluster cluster,
      Optional<Boolean> writable,
      Map<String, LrmStatus> lrm,
      Optional<HaManagerStatus> manager,
      boolean watchdogArmed) {}

  /** The questions the collector asks of a node, the same locally and over SSH. */
  interface Source {
    /** The file's text; empty when there is no such file. */
    Optional<String> read(String path) throws CollectionException;

    boolean exists(String path) throws CollectionException;

    /** Whether the owner may write, from the mode bits; empty when there is no such file. */
    Optional<Boolean> ownerWritable(String path) throws CollectionException;

    /** Whether the answer "no such file" for .members means "no /etc/pve here at all". */
    boolean notProxmox() throws CollectionException;
  }

  static Optional<Read> readAll(Source source) throws CollectionException {
    Optional<String> membersText = source.read(PveFileParser.MEMBERS);
    if (membersText.isEmpty()) {
      if (source.notProxmox()) {
        return Optional.empty();
      }
      throw new CollectionException(PveFileParser.MEMBERS + " not found: pmxcfs not running?");
    }
    PmxcfsMembers members = parse(() -> PveFileParser.parseMembers(membersText.get()));
    PmxcfsMembers.Cluster cluster =
        members
            .cluster()
            .orElseThrow(
                () ->
                    new CollectionException(
                        PveFileParser.MEMBERS
                            + ": this node is in no cluster (pmxcfs local mode)"));
    Optional<Boolean> writable = source.ownerWritable(COROSYNC_CONF);
    Map<String, LrmStatus> lrm = new LinkedHashMap<>();
    for (PmxcfsMembers.Member m : members.members()) {
      if (!NODE_NAME.matcher(m.name()).matches()) {
        throw new CollectionException(
            PveFileParser.MEMBERS + ": member name is not a host name: " + m.name());
      }
      Optional<String> text = source.read("/etc/pve/nodes/" + m.name() + "/lrm_status");
      if (text.isPresent()) {
        lrm.put(m.name(), parse(() -> PveFileParser.parseLrmStatus(text.get())));
      }
    }
    Optional<String> managerText = source.read(PveFileParser.MANAGER_STATUS);
    Optional<HaManagerStatus> manager =
        managerText.isPresent()
            ? Optional.of(parse(() -> PveFileParser.parseManagerStatus(managerText.get())))
            : Optional.empty();
    return Optional.of(
        new Read(members, cluster, writable, lrm, manager, source.exists(WATCHDOG_FLAG)));
  }

  private interface Parse<T> {
    T run() throws ParseException;
  }

  private static <T> T parse(Parse<T> p) throws CollectionException {
    try {
      return p.run();
    } catch (ParseException e) {
      throw new CollectionException("unparseable " + e.getMessage(), e);
    }
  }

  private void emit(Read f, SampleSink sink) {
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

  /** This machine's files; run on the reader thread, since any of it may block on pmxcfs. */
  static final class LocalSource implements Source {
    private final Path root;

    LocalSource(Path root) {
      this.root = root;
    }

    private Path at(String path) {
      return root.resolve(path.substring(1));
    }

    @Override
    public Optional<String> read(String path) throws CollectionException {
      try {
        // pmxcfs caps a file at 1 MiB (MEMDB_MAX_FILE_SIZE).
        byte[] bytes = Files.readAllBytes(at(path));
        return Optional.of(new String(bytes, StandardCharsets.UTF_8));
      } catch (NoSuchFileException e) {
        return Optional.empty();
      } catch (IOException e) {
        throw new CollectionException("cannot read " + path + ": " + e);
      }
    }

    @Override
    public boolean exists(String path) {
      return Files.exists(at(path), LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public Optional<Boolean> ownerWritable(String path) throws CollectionException {
      try {
        return Optional.of(
            Files.getPosixFilePermissions(at(path)).contains(PosixFilePermission.OWNER_WRITE));
      } catch (NoSuchFileException e) {
        return Optional.empty();
      } catch (IOException e) {
        throw new CollectionException("cannot stat " + path + ": " + e);
      }
    }

    /** Locally the collector runs only where /etc/pve is a pmxcfs mount (or when asked to). */
    @Override
    public boolean notProxmox() {
      return false;
    }
  }

  /**
   * A node's files over its runner (SSH in central mode), with exactly the commands
   * packaging/ssh-command-wrapper allows, each bound by the node's remote bound.
   */
  static final class RemoteSource implements Source {
    static final String CAT = "/bin/cat";
    static final String TEST = "/usr/bin/test";
    static final String STAT = "/usr/bin/stat";
    private final CollectorContext context;

    RemoteSource(CollectorContext context) {
      this.context = context;
    }

    @Override
    public Optional<String> read(String path) throws CollectionException {
      CommandResult r = context.run(CAT, path);
      if (r.exitedWith(0)) {
        return Optional.of(r.stdout());
      }
      if (r.exitedWith(1) && r.stderr().contains("No such file or directory")) {
        return Optional.empty();
      }
      throw CollectionException.of(r);
    }

    @Override
    public boolean exists(String path) throws CollectionException {
      return test("-e", path);
    }

    private boolean test(String op, String path) throws CollectionException {
      CommandResult r = context.run(TEST, op, path);
      if (r.exitedWith(0) || r.exitedWith(1)) {
        return r.exitedWith(0);
      }
      throw CollectionException.of(r);
    }

    @Override
    public Optional<Boolean> ownerWritable(String path) throws CollectionException {
      CommandResult r = context.run(STAT, "-c", "%a", path);
      if (r.exitedWith(1) && r.stderr().contains("No such file or directory")) {
        return Optional.empty();
      }
      String mode = r.stdout().strip();
      if (!r.exitedWith(0) || !mode.matches("[0-7]{3,4}")) {
        throw CollectionException.of(r);
      }
      return Optional.of((Integer.parseInt(mode, 8) & 0200) != 0);
    }

    /** A node without /etc/pve is a plain corosync node: central mode asks every node. */
    @Override
    public boolean notProxmox() throws CollectionException {
      return !test("-d", ETC_PVE);
    }
  }
}
