package dev.corosyncexporter.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.corosyncexporter.collector.CollectorSelection;
import dev.corosyncexporter.collector.CollectorSpec;
import dev.corosyncexporter.collector.CorosyncTools;
import dev.corosyncexporter.collector.PveReadHelper;
import dev.corosyncexporter.collector.QdeviceCollector;
import dev.corosyncexporter.collector.QnetdCollector;
import dev.corosyncexporter.collector.QuorumCollector;
import dev.corosyncexporter.collector.ReplayCommandRunner;
import dev.corosyncexporter.collector.TestCollectors;
import dev.corosyncexporter.concurrent.Deadline;
import dev.corosyncexporter.scrape.CollectorOutcome;
import dev.corosyncexporter.scrape.NodeScrape;
import dev.corosyncexporter.scrape.NodeScraper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the real forced-command wrapper (packaging/ssh-command-wrapper) with perl, the way sshd
 * does: the client's command line in SSH_ORIGINAL_COMMAND. The accepted command lines are exactly
 * those the exporter's collectors send, recorded by running the collectors against recorded tool
 * output.
 */
class SshCommandWrapperTest {
  private static final Path WRAPPER =
      Path.of("..", "packaging", "ssh-command-wrapper").toAbsolutePath().normalize();
  private static final String REFUSAL = "ssh-command-wrapper: refused: ";
  private static final int NOBODY = 65534;

  private record Run(int exit, String stdout, String stderr) {
    List<String> argv() {
      return stdout.lines().toList();
    }
  }

  // ---- what the exporter sends is accepted and exec'd unchanged ----

  @ParameterizedTest(name = "{0}")
  @MethodSource("commandsTheExporterSends")
  void everyCommandTheExporterSendsIsAcceptedUnchanged(String line, List<String> argv)
      throws Exception {
    Run run = wrapper(line, true, List.of());

    assertThat(run.stderr()).isEmpty();
    assertThat(run.exit()).isZero();
    assertThat(run.argv()).isEqualTo(pveReadAsItself(viaSudoIfNeeded(argv, uid() == 0)));
  }

  /**
   * The same commands as SshCommandRunner sends them: under the node's bound (RemoteBound), here
   * the shortest, a typical and the longest. sudo, where needed, goes in front of timeout.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("boundedCommandsTheExporterSends")
  void everyCommandTheExporterSendsIsAcceptedUnderItsRemoteBound(String line, List<String> bounded)
      throws Exception {
    Run run = wrapper(line, true, List.of());

    assertThat(run.stderr()).isEmpty();
    assertThat(run.exit()).isZero();
    assertThat(run.argv()).isEqualTo(pveReadAsItself(viaSudoIfNeeded(bounded, uid() == 0)));
  }

  static Stream<Arguments> boundedCommandsTheExporterSends() {
    return recordCommands().stream()
        // The configuration watcher goes through watch(), which adds no bound: it has its own.
        .filter(argv -> !argv.get(0).equals(RemoteBound.TIMEOUT))
        .flatMap(
            argv ->
                Stream.of(
                        Duration.ofNanos(1),
                        Duration.ofMillis(4_999).plusNanos(1),
                        Duration.ofHours(1))
                    .map(bound -> RemoteBound.around(argv, bound.toNanos())))
        .map(bounded -> Arguments.of(ShellQuoting.commandLine(bounded), bounded));
  }

  @Test
  void theBoundsAreWrittenAsTheWrapperWantsThem() {
    assertThat(
            RemoteBound.around(
                List.of("/usr/sbin/corosync-quorumtool", "-p"),
                Duration.ofMillis(4_999).plusNanos(1).toNanos()))
        .containsExactly(
            "/usr/bin/timeout", "-k", "1", "5.000", "/usr/sbin/corosync-quorumtool", "-p");
    assertThat(RemoteBound.seconds(1)).isEqualTo("0.001");
    assertThat(RemoteBound.seconds(Duration.ofHours(1).toNanos())).isEqualTo("300.000");
  }

  @Test
  void theRecordingCoversEveryKindOfCommand() {
    Set<List<String>> sent = recordCommands();
    String cmapctl = CorosyncTools.CMAPCTL.defaultPath();
    // A copy of CmapConfigSource.PREFIXES (package-private there): the configuration query.
    assertThat(sent)
        .contains(
            List.of(
                cmapctl,
                "totem.cluster_name",
                "totem.config_version",
                "nodelist.node.",
                "quorum.device.model",
                "quorum.device.votes",
                "runtime.votequorum.this_node_id",
                "runtime.config.totem.token",
                "runtime.config.totem.consensus",
                "runtime.config.totem.interface."),
            List.of(CorosyncTools.QUORUMTOOL.defaultPath(), "-p"),
            List.of(QuorumCollector.PVECM.defaultPath(), "status"),
            List.of(CorosyncTools.CFGTOOL.defaultPath(), "-s"),
            List.of(QdeviceCollector.QDEVICE_TOOL.defaultPath(), "-sv"),
            List.of(QnetdCollector.QNETD_TOOL.defaultPath(), "-s"),
            List.of(QnetdCollector.QNETD_TOOL.defaultPath(), "-lv"),
            // the pve collector: one pve_read, first without node names (nothing known yet), then
            // with the members of .members
            List.of(PveReadHelper.PVE_READ),
            List.of(PveReadHelper.PVE_READ, "node1", "node2"),
            // the configuration watcher, on the keys of the configuration query
            List.of(
                "/usr/bin/timeout",
                "300",
                "/usr/bin/stdbuf",
                "-oL",
                cmapctl,
                "-T",
                "totem.cluster_name",
                "totem.config_version",
                "nodelist.node.",
                "quorum.device.model",
                "quorum.device.votes",
                "runtime.votequorum.this_node_id",
                "runtime.config.totem.token",
                "runtime.config.totem.consensus",
                "runtime.config.totem.interface."));
    // The stats query, prefix mode: 14 exact keys per peer and link (1 peer x 2 links on 2 nodes,
    // 2 peers x 2 links on 3 nodes), the 6 srp keys, and the stats.schedmiss. prefix.
    List<List<String>> stats =
        sent.stream()
            .filter(
                a -> a.subList(0, Math.min(3, a.size())).equals(List.of(cmapctl, "-m", "stats")))
            .toList();
    assertThat(stats).extracting(a -> a.size() - 3).containsExactlyInAnyOrder(35, 63);
    for (List<String> a : stats) {
      assertThat(a)
          .doesNotContain("-g")
          .endsWith("stats.srp.firewall_enabled_or_nic_failure", "stats.schedmiss.");
      assertThat(a.subList(3, 17))
          .containsExactly(
              "stats.knet.node2.link0.enabled",
              "stats.knet.node2.link0.connected",
              "stats.knet.node2.link0.mtu",
              "stats.knet.node2.link0.latency_ave",
              "stats.knet.node2.link0.latency_samples",
              "stats.knet.node2.link0.down_count",
              "stats.knet.node2.link0.tx_ping_packets",
              "stats.knet.node2.link0.rx_pong_packets",
              "stats.knet.node2.link0.rx_total_retries",
              "stats.knet.node2.link0.tx_total_errors",
              "stats.knet.node2.link0.tx_data_packets",
              "stats.knet.node2.link0.rx_data_packets",
              "stats.knet.node2.link0.tx_data_bytes",
              "stats.knet.node2.link0.rx_data_bytes");
    }
    // A new command in the exporter must be added to the wrapper's list (and shows up here first).
    assertThat(sent).hasSize(12);
  }

  @Test
  void plainWordsAndQuotedWordsMayBeMixed() throws Exception {
    Run run = wrapper("/usr/sbin/corosync-cmapctl  -m 'stats'   stats.knet.node ", true, List.of());

    assertThat(run.exit()).isZero();
    assertThat(run.argv())
        .containsExactly("/usr/sbin/corosync-cmapctl", "-m", "stats", "stats.knet.node");
  }

  @Test
  void aQuoteInsideAWordIsUnquotedLikeAShellWouldAndThenJudged() throws Exception {
    // 'it'\''s' is the word it's: parsed correctly, then refused because it is no allowed tool.
    Run run = wrapper(ShellQuoting.commandLine(List.of("it's", "-p")), true, List.of());

    assertRefused(run);
    assertThat(run.stderr()).isEqualTo(REFUSAL + "'it's' is not an allowed command\n");
  }

  // ---- qdevice and qnetd tools: sudo for a non-root user, direct as root ----

  @Test
  void qdeviceAndQnetdToolsGoThroughSudoForANonRootUser() throws Exception {
    List<String> prefix = List.of();
    Path script = WRAPPER;
    if (uid() == 0) {
      assumeTrue(
          Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) drops to nobody");
      prefix =
          List.of("/usr/bin/setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups");
      // A copy nobody can read, wherever the work tree is (a clone under /root is not).
      script = Files.createTempDirectory("wrapper");
      script.toFile().deleteOnExit();
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
      script = Files.copy(WRAPPER, script.resolve("ssh-command-wrapper"));
      script.toFile().deleteOnExit();
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    for (List<String> argv :
        List.of(
            List.of(QdeviceCollector.QDEVICE_TOOL.defaultPath(), "-sv"),
            List.of(QnetdCollector.QNETD_TOOL.defaultPath(), "-s"),
            List.of(QnetdCollector.QNETD_TOOL.defaultPath(), "-lv"))) {
      Run run = wrapper(script, ShellQuoting.commandLine(argv), true, prefix);
      assertThat(run.stderr()).isEmpty();
      assertThat(run.argv())
          .isEqualTo(viaSudoIfNeeded(argv, false))
          .startsWith("/usr/bin/sudo", "-n");
      // timeout runs under sudo, as root: a non-root timeout could not signal the root tool.
      List<String> bounded = RemoteBound.around(argv, Duration.ofSeconds(5).toNanos());
      Run boundedRun = wrapper(script, ShellQuoting.commandLine(bounded), true, prefix);
      assertThat(boundedRun.stderr()).isEmpty();
      List<String> expected =
          new ArrayList<>(List.of("/usr/bin/sudo", "-n", "/usr/bin/timeout", "-k", "1", "5.000"));
      expected.addAll(argv);
      assertThat(boundedRun.argv()).isEqualTo(expected);
    }
    // Everything else runs as the user itself: corosync's uidgid.d grant covers it.
    Run quorum =
        wrapper(
            script,
            ShellQuoting.commandLine(List.of(CorosyncTools.QUORUMTOOL.defaultPath(), "-p")),
            true,
            prefix);
    assertThat(quorum.argv()).containsExactly(CorosyncTools.QUORUMTOOL.defaultPath(), "-p");
    Run boundedQuorum =
        wrapper(
            script,
            ShellQuoting.commandLine(
                List.of(
                    "/usr/bin/timeout",
                    "-k",
                    "1",
                    "5.000",
                    CorosyncTools.QUORUMTOOL.defaultPath(),
                    "-p")),
            true,
            prefix);
    assertThat(boundedQuorum.argv())
        .containsExactly(
            "/usr/bin/timeout", "-k", "1", "5.000", CorosyncTools.QUORUMTOOL.defaultPath(), "-p");
  }

  @Test
  void asRootTheQdeviceToolRunsWithoutSudo() throws Exception {
    assumeTrue(uid() == 0, "runs as root only");
    Run run =
        wrapper(
            ShellQuoting.commandLine(List.of(QdeviceCollector.QDEVICE_TOOL.defaultPath(), "-sv")),
            true,
            List.of());

    assertThat(run.argv()).containsExactly(QdeviceCollector.QDEVICE_TOOL.defaultPath(), "-sv");
  }

  // ---- everything else is refused ----

  static Stream<Arguments> refusedCommands() {
    String cmapctl = CorosyncTools.CMAPCTL.defaultPath();
    String quorumtool = CorosyncTools.QUORUMTOOL.defaultPath();
    String cfgtool = CorosyncTools.CFGTOOL.defaultPath();
    String quorumP = ShellQuoting.commandLine(List.of(quorumtool, "-p"));
    List<List<String>> writesAndOthers =
        List.of(
            // writes and control
            List.of(cmapctl, "-s", "quorum.expected_votes", "u32", "1"),
            List.of(cmapctl, "-d", "nodelist.node.1.nodeid"),
            List.of(cmapctl, "-D", "nodelist."),
            List.of(cmapctl, "-p", "/tmp/keys"),
            List.of(cmapctl, "-C", "all"),
            // clearing the scheduler misses the links collector reads is a write too
            List.of(cmapctl, "-m", "stats", "-C", "schedmiss"),
            List.of(cmapctl, "-m", "stats", "-g", "stats.schedmiss.", "-C", "schedmiss"),
            List.of(cmapctl, "-t", "totem.cluster_name"),
            List.of(cmapctl, "-T", "nodelist."),
            List.of(cmapctl, "-gs", "totem.cluster_name"),
            List.of(cmapctl, "-m", "icmap", "totem.cluster_name"),
            List.of(cmapctl, "-m"),
            List.of(quorumtool, "-e", "1"),
            List.of(quorumtool, "-v", "2", "-n", "1"),
            List.of(quorumtool, "-f"),
            List.of(quorumtool, "-m"),
            List.of(quorumtool, "-pe", "1"),
            List.of(cfgtool, "-R"),
            List.of(cfgtool, "-k", "2"),
            List.of(cfgtool, "-H"),
            List.of(cfgtool, "-H", "--force"),
            List.of(QdeviceCollector.QDEVICE_TOOL.defaultPath(), "-H"),
            List.of(QdeviceCollector.QDEVICE_TOOL.defaultPath(), "-s", "-p", "/tmp/other.sock"),
            List.of(QnetdCollector.QNETD_TOOL.defaultPath(), "-H"),
            List.of(QuorumCollector.PVECM.defaultPath(), "expected", "1"),
            List.of(QuorumCollector.PVECM.defaultPath(), "delnode", "node2"),
            // /etc/pve: only through pve_read, whose arguments are node names and nothing else
            // (a node named "priv" is only /etc/pve/nodes/priv/lrm_status); the single-file
            // commands of earlier versions are gone
            List.of("/bin/cat", "/etc/pve/.members"),
            List.of("/bin/cat", "/etc/pve/nodes/node1/lrm_status"),
            List.of("/bin/cat", "/etc/pve/priv/authkey.key"),
            List.of("/usr/bin/test", "-e", "/run/watchdog-mux.active"),
            List.of("/usr/bin/test", "-d", "/etc/pve"),
            List.of("/usr/bin/stat", "-c", "%a", "/etc/pve/corosync.conf"),
            List.of(PveReadHelper.PVE_READ, "/etc/pve/priv/authkey.key"),
            List.of(PveReadHelper.PVE_READ, "node1", "priv/authkey.key"),
            List.of(PveReadHelper.PVE_READ, ".."),
            List.of(PveReadHelper.PVE_READ, "../priv"),
            List.of(PveReadHelper.PVE_READ, "node1/../../priv"),
            List.of(PveReadHelper.PVE_READ, "."),
            List.of(PveReadHelper.PVE_READ, ".hidden"),
            List.of(PveReadHelper.PVE_READ, "-node1"),
            List.of(PveReadHelper.PVE_READ, "--pve-read"),
            List.of(PveReadHelper.PVE_READ, "node_1"),
            List.of(PveReadHelper.PVE_READ, "node1.example.org"),
            List.of(PveReadHelper.PVE_READ, "node*"),
            List.of(PveReadHelper.PVE_READ, "node?"),
            List.of(PveReadHelper.PVE_READ, "n".repeat(64)),
            List.of(PveReadHelper.PVE_READ, ""),
            List.of(PveReadHelper.PVE_READ, "node1", "node1"),
            Stream.concat(
                    Stream.of(PveReadHelper.PVE_READ),
                    java.util.stream.IntStream.rangeClosed(1, 257).mapToObj(i -> "node" + i))
                .toList(),
            List.of("/usr/bin/" + PveReadHelper.PVE_READ, "node1"),
            List.of("/usr/local/lib/corosync-exporter/ssh-command-wrapper", "--pve-read"),
            List.of("--pve-read", "node1"),
            List.of("/usr/bin/timeout", "-k", "1", "5.000", PveReadHelper.PVE_READ, "../priv"),
            List.of("/usr/bin/timeout", "-k", "1", "5.000", "--pve-read", "node1"),
            List.of("/usr/bin/timeout", "300", PveReadHelper.PVE_READ, "node1"),
            // timeout and stdbuf only in front of the configuration watcher, and it only on allowed
            // keys
            List.of("/usr/bin/timeout", "300", "/bin/sh", "-c", "id"),
            List.of("/usr/bin/timeout", "300", "/usr/bin/stdbuf", "-oL", "/bin/sh", "-c", "id"),
            List.of(
                "/usr/bin/timeout",
                "300",
                "/usr/bin/stdbuf",
                "-oL",
                cmapctl,
                "-s",
                "quorum.expected_votes",
                "u32",
                "1"),
            List.of(
                "/usr/bin/timeout", "300", "/usr/bin/stdbuf", "-o0", cmapctl, "-T", "nodelist."),
            List.of("/usr/bin/timeout", "300", "/usr/bin/stdbuf", "-oL", cmapctl, "-T", "totem."),
            List.of("/usr/bin/timeout", "300", "/usr/bin/stdbuf", "-oL", cmapctl, "-T"),
            List.of("/usr/bin/timeout", "300", "/usr/bin/stdbuf", "-oL", cmapctl, "nodelist."),
            List.of("/usr/bin/timeout", "300", "/usr/bin/stdbuf", "-oL", quorumtool, "-m"),
            List.of(
                "/usr/bin/timeout",
                "-s",
                "KILL",
                "300",
                "/usr/bin/stdbuf",
                "-oL",
                cmapctl,
                "-T",
                "nodelist."),
            List.of("/usr/bin/timeout", "0", "/usr/bin/stdbuf", "-oL", cmapctl, "-T", "nodelist."),
            List.of("/usr/bin/stdbuf", "-oL", cmapctl, "-T", "nodelist."),
            // the bound on every command: "-k 1 SECONDS" with three decimals, 0.001 to 300, around
            // an allowed command only
            List.of("/usr/bin/timeout", "-k", "1", "5", quorumtool, "-p"),
            List.of("/usr/bin/timeout", "-k", "1", "5.0", quorumtool, "-p"),
            List.of("/usr/bin/timeout", "-k", "1", "5.0000", quorumtool, "-p"),
            List.of("/usr/bin/timeout", "-k", "1", "abc", quorumtool, "-p"),
            List.of("/usr/bin/timeout", "-k", "1", "five.000", quorumtool, "-p"),
            List.of("/usr/bin/timeout", "-k", "1", "1e3", quorumtool, "-p"),
            List.of("/usr/bin/timeout", "-k", "1", "0x10.000", quorumtool, "-p"),
            List.of("/usr/bin/timeout", "-k", "1", "-1.000", quorumtool, "-p"),
            List.of("/usr/bin/timeout", "-k", "1", "0.000", quorumtool, "-p"),
            List.of("/usr/bin/timeout", "-k", "1", "300.001", quorumtool, "-p"),
            List.of("/usr/bin/timeout", "-k", "1", "86400.000", quorumtool, "-p"),
            List.of("/usr/bin/timeout", "-k", "1", "005.000", quorumtool, "-p"),
            List.of("/usr/bin/timeout", "-k", "1", "5.000 ", quorumtool, "-p"),
            List.of("/usr/bin/timeout", "-k", "1", "", quorumtool, "-p"),
            List.of("/usr/bin/timeout", "-k", "1", "5.000"),
            List.of("/usr/bin/timeout", "-k", "1"),
            List.of("/usr/bin/timeout", "-k"),
            List.of("/usr/bin/timeout", "-k", "2", "5.000", quorumtool, "-p"),
            List.of("/usr/bin/timeout", "-k", "1d", "5.000", quorumtool, "-p"),
            List.of("/usr/bin/timeout", "-s", "KILL", "-k", "1", "5.000", quorumtool, "-p"),
            List.of("/usr/bin/timeout", "-k", "1", "-s", "KILL", "5.000", quorumtool, "-p"),
            List.of("/usr/bin/timeout", "-k", "1", "--foreground", "5.000", quorumtool, "-p"),
            List.of("/usr/bin/timeout", "--kill-after=1", "5.000", quorumtool, "-p"),
            List.of("/usr/bin/timeout", "5.000", quorumtool, "-p"),
            List.of("/usr/bin/timeout", "-k", "1", "5.000", "/bin/sh", "-c", "id"),
            List.of("/usr/bin/timeout", "-k", "1", "5.000", "/usr/bin/sudo", quorumtool, "-p"),
            List.of(
                "/usr/bin/timeout",
                "-k",
                "1",
                "5.000",
                "/usr/bin/timeout",
                "-k",
                "1",
                "5.000",
                quorumtool,
                "-p"),
            List.of(
                "/usr/bin/timeout",
                "-k",
                "1",
                "5.000",
                "/usr/bin/timeout",
                "300",
                "/usr/bin/stdbuf",
                "-oL",
                cmapctl,
                "-T",
                "nodelist."),
            List.of(
                "/usr/bin/timeout",
                "-k",
                "1",
                "5.000",
                "/usr/bin/stdbuf",
                "-oL",
                cmapctl,
                "-T",
                "nodelist."),
            List.of("/usr/bin/timeout", "-k", "1", "5.000", cmapctl, "-T", "nodelist."),
            List.of("/usr/bin/timeout", "-k", "1", "5.000", cmapctl, "totem.key"),
            List.of("/usr/bin/timeout", "-k", "1", "5.000", cfgtool, "-R"),
            List.of("/usr/bin/timeout", "-k", "1", "5.000", quorumtool, "-m"),
            List.of("/usr/bin/timeout", "-k", "1", "5.000", quorumtool),
            List.of(
                "/usr/bin/timeout",
                "-k",
                "1",
                "5.000",
                QdeviceCollector.QDEVICE_TOOL.defaultPath(),
                "-H"),
            List.of(
                "/usr/bin/timeout",
                "-k",
                "1",
                "5.000",
                QuorumCollector.PVECM.defaultPath(),
                "expected",
                "1"),
            List.of("/usr/bin/timeout", "-k", "1", "5.000", "corosync-quorumtool", "-p"),
            // the cluster's secret key can live in cmap as totem.key
            List.of(cmapctl, "totem.key"),
            List.of(cmapctl, "-g", "totem.key"),
            List.of(cmapctl, "totem."),
            List.of(cmapctl),
            // no arguments at all: usage text at best, an interactive mode at worst
            List.of(quorumtool),
            // other binaries, other spellings of allowed ones
            List.of("/bin/sh", "-c", "id"),
            List.of("corosync-quorumtool", "-p"),
            List.of("/usr/sbin/../sbin/corosync-quorumtool", "-p"),
            List.of("/usr/bin/sudo", quorumtool, "-p"),
            // shell syntax inside quotes is just text, and not an allowed argument
            List.of(cmapctl, "$(id)"),
            List.of(quorumtool, "-p;id"),
            List.of(quorumtool, "-p", ""));
    Stream<Arguments> quoted =
        writesAndOthers.stream().map(a -> Arguments.of(ShellQuoting.commandLine(a)));
    Stream<Arguments> raw =
        Stream.of(
                quorumP + "; id",
                quorumP + ";id",
                quorumP + " && id",
                quorumP + " | id",
                quorumP + " > /tmp/x",
                quorumP + " < /etc/shadow",
                quorumP + " &",
                "$(id)",
                "`id`",
                quorumP + " `id`",
                quorumP + " $(id)",
                quorumP + " $HOME",
                quorumP + " *",
                "'" + quorumtool + "' '-p",
                "'" + quorumtool,
                "\"" + quorumtool + "\" -p",
                quorumtool + " \\-p",
                quorumP + "\nid",
                quorumP + "\n",
                quorumP + "\tx",
                "",
                "   ")
            .map(Arguments::of);
    return Stream.concat(quoted, raw);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("refusedCommands")
  void refused(String line) throws Exception {
    assertRefused(wrapper(line, true, List.of()));
  }

  @Test
  void aRefusalWithoutDryRunIsTheSame() throws Exception {
    assertRefused(
        wrapper(ShellQuoting.commandLine(List.of("/bin/sh", "-c", "id")), false, List.of()));
  }

  // ---- without dry run it really execs, and without a shell ----

  @Test
  void execsTheToolItself() throws Exception {
    Path cfgtool = Path.of(CorosyncTools.CFGTOOL.defaultPath());
    assumeTrue(Files.isExecutable(cfgtool), "corosync is installed");
    Run run =
        wrapper(ShellQuoting.commandLine(List.of(cfgtool.toString(), "-s")), false, List.of());

    // corosync is not running here: cfgtool's own failure proves that cfgtool ran.
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.stderr()).contains("Could not initialize corosync configuration API error 2");
    assertThat(run.stderr()).doesNotContain("ssh-command-wrapper");
  }

  @Test
  void execsABoundedToolUnderTheRealTimeout() throws Exception {
    Path cfgtool = Path.of(CorosyncTools.CFGTOOL.defaultPath());
    assumeTrue(Files.isExecutable(cfgtool), "corosync is installed");
    List<String> bounded =
        RemoteBound.around(List.of(cfgtool.toString(), "-s"), Duration.ofSeconds(5).toNanos());
    Run run = wrapper(ShellQuoting.commandLine(bounded), false, List.of());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.stderr()).contains("Could not initialize corosync configuration API error 2");
  }

  /**
   * The forced command runs pve_read for real, under the real timeout: the wrapper execs itself.
   * Its reply is this machine's (no /etc/pve here), and a variable that names another root does not
   * reach it: the wrapper sets a fixed environment first, so only tests can point pve_read
   * elsewhere, by running it directly.
   */
  @Test
  void pveReadRunsAsTheWrapperItselfUnderTheRealTimeout(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    assumeTrue(!Files.exists(Path.of("/etc/pve")), "not a Proxmox VE host");
    Files.createDirectories(dir.resolve("etc/pve"));
    List<String> bounded =
        RemoteBound.around(
            List.of(PveReadHelper.PVE_READ, "node1"), Duration.ofSeconds(5).toNanos());
    Run run =
        wrapper(
            ShellQuoting.commandLine(bounded), false, List.of("env", "CE_WRAPPER_PVE_ROOT=" + dir));

    assertThat(run.stderr()).isEmpty();
    assertThat(run.exit()).isZero();
    assertThat(run.stdout())
        .isEqualTo(
            "corosync-exporter-pve-read 1\n"
                + "exists /run/watchdog-mux.active "
                + (Files.exists(Path.of("/run/watchdog-mux.active")) ? "yes" : "no")
                + " 0\n\n"
                + "dir /etc/pve no 0\n\n"
                + "end\n");
  }

  /** Run by hand with other arguments, the wrapper refuses as it does any command. */
  @Test
  void theWrapperTakesNoArgumentsButPveReadsNodeNames() throws Exception {
    for (List<String> args :
        List.of(
            List.of("--pve-read", "../priv"),
            List.of("--pve-read", "node1", "node1"),
            List.of("--pve-reader"),
            List.of("/usr/sbin/corosync-quorumtool", "-p"))) {
      List<String> command = new ArrayList<>(List.of("perl", WRAPPER.toString()));
      command.addAll(args);
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.environment().put("CE_WRAPPER_DRY_RUN", "1");
      pb.environment().put("SSH_ORIGINAL_COMMAND", "/usr/sbin/corosync-quorumtool -p");
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as("%s", args).isEqualTo(126);
      assertThat(out).isEmpty();
      assertThat(err).startsWith(REFUSAL);
    }
  }

  @Test
  void aMissingToolFailsLikeInAShell() throws Exception {
    assumeTrue(
        !Files.exists(Path.of(QuorumCollector.PVECM.defaultPath())), "not a Proxmox VE host");
    Run run =
        wrapper(
            ShellQuoting.commandLine(List.of(QuorumCollector.PVECM.defaultPath(), "status")),
            false,
            List.of());

    // 127 and "No such file or directory": what ExecCall reports as a missing tool.
    assertThat(run.exit()).isEqualTo(127);
    assertThat(run.stderr())
        .isEqualTo("ssh-command-wrapper: cannot run /usr/bin/pvecm: No such file or directory\n");
  }

  // ---- helpers ----

  private static void assertRefused(Run run) {
    assertThat(run.exit()).isEqualTo(126);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr()).startsWith(REFUSAL).endsWith("\n");
    assertThat(run.stderr().lines()).hasSize(1);
  }

  private static Run wrapper(String line, boolean dryRun, List<String> prefix)
      throws IOException, InterruptedException {
    return wrapper(WRAPPER, line, dryRun, prefix);
  }

  private static Run wrapper(Path script, String line, boolean dryRun, List<String> prefix)
      throws IOException, InterruptedException {
    assertThat(script).isRegularFile();
    List<String> command = new ArrayList<>(prefix);
    command.addAll(List.of("perl", script.toString()));
    ProcessBuilder pb = new ProcessBuilder(command).directory(new java.io.File("/"));
    Map<String, String> env = pb.environment();
    env.put("SSH_ORIGINAL_COMMAND", line);
    env.remove("CE_WRAPPER_DRY_RUN");
    if (dryRun) {
      env.put("CE_WRAPPER_DRY_RUN", "1");
    }
    Path err = Files.createTempFile("wrapper", ".err");
    try {
      pb.redirectError(err.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("wrapper finished").isTrue();
      return new Run(p.exitValue(), out, Files.readString(err));
    } finally {
      Files.deleteIfExists(err);
    }
  }

  private static List<String> viaSudoIfNeeded(List<String> argv, boolean root) {
    // Under a bound, the tool is the fifth word: /usr/bin/timeout -k 1 SECONDS TOOL ...
    String tool =
        argv.get(0).equals(RemoteBound.TIMEOUT) && argv.get(1).equals("-k")
            ? argv.get(4)
            : argv.get(0);
    boolean sudo =
        !root
            && (tool.equals(QdeviceCollector.QDEVICE_TOOL.defaultPath())
                || tool.equals(QnetdCollector.QNETD_TOOL.defaultPath()));
    if (!sudo) {
      return argv;
    }
    List<String> withSudo = new ArrayList<>(List.of("/usr/bin/sudo", "-n"));
    withSudo.addAll(argv);
    return withSudo;
  }

  /**
   * pve_read is the wrapper itself: it execs "perl WRAPPER --pve-read NODE..." in the place of the
   * name, under the bound or alone.
   */
  private static List<String> pveReadAsItself(List<String> argv) throws Exception {
    int at = argv.indexOf(PveReadHelper.PVE_READ);
    if (at < 0) {
      return argv;
    }
    List<String> execd = new ArrayList<>(argv.subList(0, at));
    execd.addAll(List.of(perl(), WRAPPER.toString(), "--pve-read"));
    execd.addAll(argv.subList(at + 1, argv.size()));
    return execd;
  }

  /** The perl binary as perl itself names it ($^X), which the wrapper execs itself with. */
  private static String perl() throws Exception {
    Process p = new ProcessBuilder("perl", "-e", "print $^X").start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isZero();
    return out;
  }

  private static int uid() throws IOException {
    return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
  }

  // ---- the commands, as the exporter's own collectors build them ----

  static Stream<Arguments> commandsTheExporterSends() {
    return recordCommands().stream()
        .map(argv -> Arguments.of(ShellQuoting.commandLine(argv), argv));
  }

  /**
   * Every argv the collectors run in central mode, each source and fallback included: the real
   * collectors scrape a recording runner that answers with output recorded from real tools.
   */
  static Set<List<String>> recordCommands() {
    Set<List<String>> sent = Collections.synchronizedSet(new LinkedHashSet<>());
    // Every registered collector, once with each choice of each option (quorum from pvecm, links
    // from cfgtool, ...).
    List<CollectorSelection.Enabled> nodes = TestCollectors.everyVariant(CollectorSpec.Role.NODE);
    scrape(ReplayCommandRunner.healthyTwoNodesQdevice(), sent, nodes);
    scrape(
        ReplayCommandRunner.healthyTwoNodesQdevice()
            .with("corosync-cmapctl totem.cluster_name", "cmapctl-config-3n"),
        sent,
        nodes);
    // A QNetd host in central mode runs the QNetd collectors alone.
    scrape(
        ReplayCommandRunner.healthyTwoNodesQdevice(),
        sent,
        TestCollectors.everyVariant(CollectorSpec.Role.QNETD));
    return sent;
  }

  private static void scrape(
      ReplayCommandRunner runner,
      Set<List<String>> sent,
      List<CollectorSelection.Enabled> collectors) {
    ExecutorService executor = Executors.newCachedThreadPool();
    try {
      // As in central mode by default: the configuration behind a watcher, which the replay
      // records but cannot run.
      NodeScraper scraper =
          TestCollectors.scraper(runner.recordingInto(sent), true, collectors, executor);
      // The second scrape starts the stats query early with the previous configuration.
      for (int i = 0; i < 2; i++) {
        NodeScrape s = scraper.scrape(Deadline.in(Duration.ofSeconds(10)));
        assertThat(s.outcomes())
            .as("collectors succeeded on the recorded output")
            .allMatch(CollectorOutcome::success);
      }
    } finally {
      executor.shutdownNow();
    }
  }
}
