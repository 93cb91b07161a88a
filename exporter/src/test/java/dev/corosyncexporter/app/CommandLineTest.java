package dev.corosyncexporter.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corosyncexporter.collector.CollectorDefinition;
import dev.corosyncexporter.collector.CollectorRegistry;
import dev.corosyncexporter.collector.HostFacts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineTest {

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--web.listen-address=nonsense | --web.listen-address: expected HOST:PORT or :PORT, got 'nonsense'",
        "--web.listen-address=:99999 | --web.listen-address: port must be between 0 and 65535, got 99999",
        "--web.listen-address=::1:9679 | --web.listen-address: IPv6 addresses need brackets",
        "--collector.timeout=soon | --collector.timeout: invalid duration 'soon' (use e.g. 500ms, 3s, 1m30s)",
        "--collector.timeout=0s | --collector.timeout: must be positive, got '0s'",
        "--collector.quorum.source=crm | --collector.quorum.source: expected quorumtool or pvecm or native, got 'crm'",
        "--collector.links.source=x | --collector.links.source: expected stats or cfgtool or native, got 'x'",
        "--log.level=loud | --log.level: expected debug, info, warn or error, got 'loud'",
        "--web.telemetry-path=metrics | --web.telemetry-path: must start with '/', got 'metrics'",
        "--web.telemetry-path=/ | --web.telemetry-path: must not be '/', which the exporter serves itself",
        "--web.telemetry-path=/{x} | --web.telemetry-path: segments of letters, digits, '.', '_', '~' and '-' only, each after one '/', got '/{x}'",
        "--web.telemetry-path=/metrics/ | --web.telemetry-path: segments of letters",
        "--web.telemetry-path=/-/ready | --web.telemetry-path: must not be '/-/ready', which the exporter serves itself",
        "--web.telemetry-path=/probe | --web.telemetry-path: must not be '/probe', which the exporter serves itself",
        "--collector.timeout=99999999999999999999s | --collector.timeout: invalid duration",
        "--collector.timeout=9999999999h | --collector.timeout: must be at most 5m, got '9999999999h'",
        "--collector.timeout=5m1s | --collector.timeout: must be at most 5m, got '5m1s'",
        "--path.corosync-quorumtool=bin/q | --path.corosync-quorumtool: must be an absolute path, got 'bin/q'",
      })
  void badValuesGiveOneLineNamingTheFlag(String flag, String message) {
    Run r = run(flag);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("corosync-exporter: " + message.strip());
    assertThat(r.err().lines().count()).isEqualTo(1);
  }

  @Test
  void centralModeRefusesTheConnectionPath() {
    Run r = run("--config.file=/nonexistent.yaml", "--collector.quorum.source=native");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("corosync-exporter: --collector.quorum.source=native: only in local mode");
  }

  @Test
  void unknownFlagIsRejected() {
    Run r = run("--colector.quorum");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Unknown option: '--colector.quorum'");
  }

  @Test
  void noCollectorLeftIsAnError() {
    Run r = run("--collector.disable-defaults", "--web.listen-address=127.0.0.1:0");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no collector enabled");
  }

  @Test
  void portInUseNamesTheFlag() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Run r =
          run(
              "--web.listen-address=127.0.0.1:" + taken.getLocalPort(),
              "--path.corosync-cmapctl=/nonexistent");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err())
          .startsWith(
              "corosync-exporter: --web.listen-address: cannot listen on 127.0.0.1:"
                  + taken.getLocalPort());
    }
  }

  @Test
  void helpListsTheCollectorFlags() {
    Run r = run("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains(
            "--[no-]collector.quorum",
            "--[no-]collector.qnetd",
            "--web.listen-address",
            "--config.file",
            "--collector.timeout");
  }

  /** A host that has the given tools and files, as HostFacts sees them. */
  private static HostFacts host(String... present) {
    java.util.Set<String> p = java.util.Set.of(present);
    return p::contains;
  }

  private static final HostFacts CLUSTER_NODE =
      host(
          "/usr/sbin/corosync-quorumtool",
          "/usr/sbin/corosync-cmapctl",
          "/etc/corosync/corosync.conf",
          "/usr/sbin/corosync-qdevice-tool",
          "/usr/bin/corosync-qnetd-tool");

  /**
   * Configured, with a tool missing: its collector is on, and fails, which is what the operator
   * must see.
   */
  private static final HostFacts NODE_WITHOUT_QUORUMTOOL = host("/etc/corosync/corosync.conf");

  private static final HostFacts QNETD_SET_UP_NOT_RUNNING =
      host("/usr/bin/corosync-qnetd-tool", "/etc/corosync/qnetd/nssdb");
  private static final HostFacts QNETD_HOST =
      host(
          "/usr/sbin/corosync-quorumtool",
          "/usr/bin/corosync-qnetd-tool",
          "/run/corosync-qnetd/corosync-qnetd.sock");

  private static java.util.List<String> chosen(HostFacts host, String... args) throws Exception {
    ExporterCommand c = new ExporterCommand();
    ExporterCommand.commandLine(c).parseArgs(args);
    return CollectorChoice.local(CollectorRegistry.get(), c.collectorFlags, c.disableDefaults, host)
        .selection()
        .enabledNames();
  }

  @Test
  void withoutFlagsTheCollectorsFollowWhatTheHostRuns() throws Exception {
    // A cluster node with the qnetd tool installed but no QNetd running or configured: no qnetd
    // collector.
    assertThat(chosen(CLUSTER_NODE)).containsExactly("config", "links", "qdevice", "quorum");
    // A QNetd host with corosync's tools installed but not configured: QNetd only, no failing
    // corosync collectors.
    assertThat(chosen(QNETD_HOST)).containsExactly("qnetd");
    assertThat(chosen(host())).isEmpty();
    assertThat(chosen(NODE_WITHOUT_QUORUMTOOL))
        .containsExactly("config", "links", "qdevice", "quorum");
    assertThat(chosen(QNETD_SET_UP_NOT_RUNNING)).containsExactly("qnetd");
  }

  @Test
  void flagsOverrideDetectionInNodeExporterConventions() throws Exception {
    assertThat(chosen(CLUSTER_NODE, "--no-collector.links", "--collector.qnetd"))
        .containsExactly("config", "qdevice", "qnetd", "quorum");
    assertThat(chosen(CLUSTER_NODE, "--collector.disable-defaults", "--collector.qnetd"))
        .containsExactly("qnetd");
    assertThat(chosen(QNETD_HOST, "--collector.quorum")).containsExactly("qnetd", "quorum");
  }

  @Test
  void everyRegisteredCollectorHasItsFlagsAndHelp() {
    Run r = run("--help");
    for (CollectorDefinition d : CollectorRegistry.get().all()) {
      assertThat(r.out()).contains("--[no-]collector." + d.spec().name());
      d.spec().options().forEach(o -> assertThat(r.out()).contains(o.flag(d.spec().name())));
      d.spec().tools().forEach(t -> assertThat(r.out()).contains(t.flag()));
    }
  }

  /** Compound durations, as in the YAML: the run gets past the timeout to the next check. */
  @ValueSource(strings = {"30s500ms", "1m0s", "1m", "500ms", "1m30s", "5m"})
  @ValueSource(strings = {"30s500ms", "1m0s", "1m", "500ms"})
  void theTimeoutTakesPrometheusDurations(String timeout) {
    Run r =
        run(
            "--collector.timeout=" + timeout,
            "--collector.disable-defaults",
            "--web.listen-address=127.0.0.1:0");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("corosync-exporter: no collector enabled");
  }

  /** A flag and a YAML key that take a duration refuse a bad one with the same words. */
  @ParameterizedTest
  @ValueSource(strings = {"soon", "5", "1.5s", "1s1m", "0s", "0"})
  void aBadDurationReadsTheSameInAFlagAndInTheYaml(String value, @TempDir Path dir)
      throws IOException {
    Path config = dir.resolve("exporter.yml");
    Files.writeString(
        config, "ssh: {connect_timeout: " + value + "}\nclusters: [{nodes: [pve1]}]\n");
    Run flag = run("--collector.timeout=" + value);
    Run yaml = run("--config.file=" + config);
    String flagPrefix = "corosync-exporter: --collector.timeout: ";
    String yamlPrefix = "corosync-exporter: --config.file " + config + ": ssh.connect_timeout: ";
    assertThat(flag.err()).startsWith(flagPrefix);
    assertThat(yaml.err()).startsWith(yamlPrefix);
    assertThat(flag.err().substring(flagPrefix.length()))
        .isEqualTo(yaml.err().substring(yamlPrefix.length()));
  }

  @Test
  void addresses() {
    assertThat(ListenAddress.parse(":9679")).isEqualTo(new ListenAddress("0.0.0.0", 9679));
    assertThat(ListenAddress.parse("[::1]:80")).isEqualTo(new ListenAddress("::1", 80));
    assertThatThrownBy(() -> ListenAddress.parse("host:port"))
        .hasMessageContaining("port must be a number");
  }
}
