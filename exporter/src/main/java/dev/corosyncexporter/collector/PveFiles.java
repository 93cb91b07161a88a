package dev.corosyncexporter.collector;

import dev.corosyncexporter.command.CommandResult;
import dev.corosyncexporter.concurrent.AwaitException;
import dev.corosyncexporter.concurrent.Deadline;
import dev.corosyncexporter.concurrent.GuardedThread;
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
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the pve collector reads of a node, and how: /etc/pve/.members, each member's lrm_status,
 * manager_status, the mode bits of corosync.conf and the watchdog flag, all read before anything is
 * parsed into series. Locally from this machine's files, on one guarded thread; in central mode
 * over the node's runner, with the commands the SSH wrapper allows.
 */
final class PveFiles {
  static final String ETC_PVE = "/etc/pve";
  static final String COROSYNC_CONF = "/etc/pve/corosync.conf";
  static final String WATCHDOG_FLAG = "/run/watchdog-mux.active";

  /**
   * pmxcfs answers reads from memory in milliseconds: a local read without an answer for this long
   * is hung, and later scrapes fail the collector at once instead of queueing behind it. A younger
   * read is waited for (another Prometheus, or the start-up collection, overlapping a scrape).
   */
  static final Duration STUCK_AFTER = Duration.ofSeconds(2);

  /**
   * A node name as Proxmox allows it (a host name). Checked before it becomes part of a path:
   * .members is pmxcfs's output, but a name is never trusted to stay inside /etc/pve/nodes.
   */
  static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,62}");

  private PveFiles() {}

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

  /**
   * This machine's files, each scrape's reads as one job on one dedicated thread: /etc/pve is FUSE,
   * and a read of a hung pmxcfs sleeps in the kernel where nothing in Java can free it. So a hang
   * costs the collector its success, never the scrape's deadline or a pile of reader threads. The
   * thread starts with the first local read: in central mode the collector is shared by every node
   * and never reads here.
   */
  static final class LocalReader {
    private final LocalSource source;
    private final GuardedThread thread;

    LocalReader(Path root, Duration stuckAfter) {
      this.source = new LocalSource(root);
      this.thread = new GuardedThread("reader " + ETC_PVE, stuckAfter, 0);
    }

    Optional<Read> read(Deadline deadline) throws CollectionException {
      try {
        return thread.call(deadline, () -> readAll(source));
      } catch (AwaitException e) {
        throw switch (e.reason()) {
          case STUCK ->
              new CollectionException(
                  "reader of "
                      + ETC_PVE
                      + " still blocked since "
                      + e.busySince()
                      + " (previous read)");
          case CLOSED ->
              new CollectionException("reader of " + ETC_PVE + " unavailable: " + e.getCause(), e);
          case TIMED_OUT ->
              new CollectionException(
                  "reading " + ETC_PVE + " did not finish by the scrape deadline");
          case FAILED ->
              e.getCause() instanceof CollectionException c
                  ? c
                  : new CollectionException(
                      "reading " + ETC_PVE + " failed: " + e.getCause(), e.getCause());
          case CANCELLED -> new CollectionException("reading " + ETC_PVE + " cancelled", e);
          case INTERRUPTED -> new CollectionException("interrupted", e);
        };
      }
    }

    GuardedThread thread() {
      return thread;
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
