package dev.corosyncexporter.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
        "--collector.timeout=soon | --collector.timeout: invalid duration 'soon' (use e.g. 500ms, 4s, 1m)",
        "--collector.timeout=0s | --collector.timeout: duration must be positive",
        "--collector.quorum.source=crm | --collector.quorum.source: expected quorumtool or pvecm, got 'crm'",
        "--collector.links.source=x | --collector.links.source: expected stats or cfgtool, got 'x'",
        "--log.level=loud | --log.level: expected debug, info, warn or error, got 'loud'",
        "--web.telemetry-path=metrics | --web.telemetry-path: must start with '/'",
      })
  void badValuesGiveOneLineNamingTheFlag(String flag, String message) {
    Run r = run(flag);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("corosync-exporter: " + message.strip());
    assertThat(r.err().lines().count()).isEqualTo(1);
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
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Run r = run("--web.listen-address=127.0.0.1:" + taken.getLocalPort(), "--path.corosync-cmapctl=/nonexistent");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).startsWith("corosync-exporter: --web.listen-address: cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void helpListsTheCollectorFlags() {
    Run r = run("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("--[no-]collector.quorum", "--[no-]collector.qnetd", "--web.listen-address", "--config.file", "--collector.timeout");
  }

  @Test
  void collectorSelectionFollowsNodeExporterConventions() {
    ExporterCommand c = new ExporterCommand();
    picocli.CommandLine cl = ExporterCommand.commandLine(c);
    cl.parseArgs("--no-collector.links", "--collector.qnetd");
    assertThat(c.enabledCollectors()).containsExactly("quorum", "config", "qdevice", "qnetd");
    ExporterCommand d = new ExporterCommand();
    ExporterCommand.commandLine(d).parseArgs("--collector.disable-defaults", "--collector.qnetd");
    assertThat(d.enabledCollectors()).containsExactly("qnetd");
  }

  @Test
  void durationsAndAddresses() {
    assertThat(DurationFlag.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationFlag.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(ListenAddress.parse(":9679")).isEqualTo(new ListenAddress("0.0.0.0", 9679));
    assertThat(ListenAddress.parse("[::1]:80")).isEqualTo(new ListenAddress("::1", 80));
    assertThatThrownBy(() -> ListenAddress.parse("host:port")).hasMessageContaining("port must be a number");
  }
}
