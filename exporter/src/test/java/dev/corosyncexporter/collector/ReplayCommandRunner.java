package dev.corosyncexporter.collector;

import dev.corosyncexporter.command.CommandResult;
import dev.corosyncexporter.command.CommandRunner;
import dev.corosyncexporter.parse.PveFileParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Serves output recorded from the real tools (src/test/resources/fixtures, made by
 * lab/record-fixtures.sh) in place of running them. A command is matched by the longest given
 * prefix of its tool's file name and arguments ("corosync-cmapctl -m stats -g"), not by every
 * argument, because the recordings asked for a superset of the keys the collectors ask for.
 */
public final class ReplayCommandRunner implements CommandRunner {
  private final Map<String, String> fixtures = new LinkedHashMap<>();
  private Set<List<String>> sent =
      java.util.Collections.synchronizedSet(new java.util.LinkedHashSet<>());

  /** Records every argv it is asked to run or to watch into {@code into}. */
  public ReplayCommandRunner recordingInto(Set<List<String>> into) {
    this.sent = into;
    return this;
  }

  /** A healthy node of the lab's two nodes + QDevice cluster, every tool answering as recorded. */
  public static ReplayCommandRunner healthyTwoNodesQdevice() {
    return new ReplayCommandRunner()
        .with("corosync-quorumtool", "quorumtool-p-2n-qd-healthy")
        .with("pvecm", "quorumtool-p-2n-qd-healthy")
        .with("corosync-cmapctl totem.cluster_name", "cmapctl-config-2n-qd")
        .with("corosync-cmapctl -m stats -g", "cmapctl-stats-keys-2n-healthy")
        .with("corosync-cmapctl -m stats stats.knet.node", "cmapctl-stats-knet-2n-healthy")
        .with("corosync-cfgtool -s", "cfgtool-s-2n-healthy")
        .with("corosync-qdevice-tool", "qdevice-tool-sv-connected")
        .with("corosync-qnetd-tool -s", "qnetd-tool-sv-2n-healthy")
        .with("corosync-qnetd-tool -l", "qnetd-tool-lv-2n-healthy")
        // a Proxmox VE node: pmxcfs's files as the lab's --pmxcfs recorded them
        .with("cat /etc/pve/.members", "pve-members-2n-healthy")
        .with("cat /etc/pve/nodes/node1/lrm_status", "pve-lrm-status-active")
        .with("cat /etc/pve/nodes/node2/lrm_status", "pve-lrm-status-node2")
        .with("cat /etc/pve/ha/manager_status", "pve-manager-status-2n-healthy")
        .with("stat -c %a /etc/pve/corosync.conf", "pve-mode-quorate")
        .with("test -e /run/watchdog-mux.active", "pve-watchdog-armed");
  }

  /**
   * Commands starting with {@code commandPrefix} get the recording {@code fixture}; null: no
   * recording.
   */
  public ReplayCommandRunner with(String commandPrefix, String fixture) {
    fixtures.put(commandPrefix, fixture);
    return this;
  }

  static String command(List<String> argv) {
    String tool = argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1);
    return String.join(" ", List.of(tool, String.join(" ", argv.subList(1, argv.size())))).strip();
  }

  /** The fixture for a command line ({@link #command}), or null. */
  private String fixtureFor(String command) {
    String best = null;
    for (String prefix : fixtures.keySet()) {
      if (command.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
        best = prefix;
      }
    }
    return best == null ? null : fixtures.get(best);
  }

  @Override
  public CommandResult run(List<String> argv, Duration timeout) {
    sent.add(List.copyOf(argv));
    if (argv.get(0).equals(PveReadHelper.PVE_READ)) {
      return pveRead(argv);
    }
    String command = command(argv);
    String fixture = fixtureFor(command);
    if (fixture == null) {
      // As corosync-cmapctl -g does for a key it does not have.
      return CommandResult.exited(
          argv,
          1,
          "",
          "Can't get key: no recording for " + command + ". Error CS_ERR_NOT_EXIST\n",
          Duration.ofMillis(1));
    }
    return CommandResult.exited(
        argv,
        Integer.parseInt(read(fixture + ".rc").strip()),
        read(fixture + ".out"),
        read(fixture + ".err"),
        Duration.ofMillis(1));
  }

  /**
   * The wrapper's pve_read, run for real on a folder made of the recordings of the commands it
   * stands for: each {@code cat} of a file that printed it is that file, one that said "No such
   * file" is none; {@code stat -c %a} gives corosync.conf's mode; {@code test -e} the watchdog
   * marker; {@code test -d /etc/pve} exiting 1, no /etc/pve at all.
   */
  private CommandResult pveRead(List<String> argv) {
    Path root = null;
    try {
      root = Files.createTempDirectory("pve-replay");
      String dir = fixtureFor("test -d " + PveFiles.ETC_PVE);
      if (dir == null || exit(dir) == 0) {
        Files.createDirectories(root.resolve("etc/pve"));
        List<String> files = new ArrayList<>(List.of(PveFileParser.MEMBERS));
        argv.subList(1, argv.size()).forEach(n -> files.add(PveFiles.lrmStatus(n)));
        files.add(PveFileParser.MANAGER_STATUS);
        for (String file : files) {
          String f = fixtureFor("cat " + file);
          if (f != null && exit(f) == 0) {
            write(root, file, read(f + ".out"));
          } else if (f != null && !read(f + ".err").contains("No such file or directory")) {
            throw new IllegalArgumentException("cannot stand in for " + f);
          }
        }
        String mode = fixtureFor("stat -c %a " + PveFiles.COROSYNC_CONF);
        if (mode != null && exit(mode) == 0) {
          Path conf = write(root, PveFiles.COROSYNC_CONF, "totem {}\n");
          Files.setPosixFilePermissions(conf, permissions(read(mode + ".out").strip()));
        }
      }
      String marker = fixtureFor("test -e " + PveFiles.WATCHDOG_MARKER);
      if (marker != null && exit(marker) == 0) {
        Files.createDirectories(root.resolve(PveFiles.WATCHDOG_MARKER.substring(1)));
      }
      return PveReadHelper.run(root, argv);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      if (root != null) {
        deleteTree(root);
      }
    }
  }

  private static int exit(String fixture) {
    return Integer.parseInt(read(fixture + ".rc").strip());
  }

  private static Path write(Path root, String file, String text) throws IOException {
    Path p = root.resolve(file.substring(1));
    Files.createDirectories(p.getParent());
    return Files.writeString(p, text);
  }

  /** Octal mode bits ("640") as permissions. */
  private static Set<PosixFilePermission> permissions(String octal) {
    int bits = Integer.parseInt(octal, 8);
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE
    for (int i = 0; i < order.length; i++) {
      if ((bits & (0400 >> i)) != 0) {
        set.add(order[i]);
      }
    }
    return set;
  }

  private static void deleteTree(Path root) {
    try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public String target() {
    return "replay";
  }

  /**
   * Recorded, and refused: a replay runs nothing, so its caller reads the configuration each time.
   */
  @Override
  public dev.corosyncexporter.command.Watch watch(
      List<String> argv,
      Duration startTimeout,
      java.util.function.Consumer<String> onLine,
      Runnable onExit)
      throws IOException {
    sent.add(List.copyOf(argv));
    throw new IOException("a replay runs nothing");
  }

  static String read(String name) {
    try (InputStream in = ReplayCommandRunner.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
