package dev.corosyncexporter.collector;

import static dev.corosyncexporter.collector.TestCollectors.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corosyncexporter.scrape.CollectorOutcome;
import dev.corosyncexporter.scrape.NodeScrape;
import dev.corosyncexporter.socket.DaemonReply;
import dev.corosyncexporter.socket.DaemonRequest;
import dev.corosyncexporter.socket.DaemonSocket;
import dev.corosyncexporter.socket.FakeDaemon;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The qdevice and qnetd collectors with {@code source=socket} against a daemon on a real unix
 * socket ({@link FakeDaemon}) that answers with the recorded tool output: the same series as the
 * tool path on the same text, since both hand it to the same parsers. And the failures: the same
 * meaning as the tool's (not running is data; a refusal says what to do), and what only the socket
 * can see (an Error answer, an empty one).
 */
class SocketSourceTest {
  @TempDir Path dir;

  private Path sock() {
    return dir.resolve("daemon.sock");
  }

  private static ReplayCommandRunner config() {
    return new ReplayCommandRunner()
        .with("corosync-cmapctl totem.cluster_name", "cmapctl-config-2n-qd");
  }

  private NodeScrape qdeviceBySocket() {
    return TestCollectors.scrapeOnce(
        config(),
        List.of(
            new CollectorSelection.Enabled(
                QdeviceCollector.SPEC,
                new QdeviceCollector(QdeviceCollector.Source.SOCKET, new DaemonSocket(sock())))));
  }

  private NodeScrape qnetdBySocket() {
    return TestCollectors.scrapeOnce(
        new ReplayCommandRunner(),
        List.of(
            new CollectorSelection.Enabled(
                QnetdCollector.SPEC,
                new QnetdCollector(QnetdCollector.Source.SOCKET, new DaemonSocket(sock())))));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "qdevice-tool-sv-connected",
        "qdevice-tool-sv-connect-failed",
        "qdevice-tool-sv-isolated-node"
      })
  void qdeviceSocketAndToolGiveTheSameSeries(String fixture) throws Exception {
    NodeScrape byTool =
        TestCollectors.scrapeOnce(
            config().with("corosync-qdevice-tool", fixture),
            List.of(TestCollectors.named("qdevice:source=tool")));
    NodeScrape bySocket;
    try (FakeDaemon daemon = FakeDaemon.replying(sock(), "OK\n" + out(fixture))) {
      bySocket = qdeviceBySocket();
      assertThat(daemon.requests()).containsExactly(DaemonRequest.QDEVICE_STATUS_VERBOSE.bytes());
    }
    assertThat(outcome(bySocket, "qdevice").success()).isTrue();
    assertThat(series(bySocket)).isNotEmpty().isEqualTo(series(byTool));
  }

  @Test
  void qnetdSocketAndToolGiveTheSameSeries() throws Exception {
    NodeScrape byTool =
        TestCollectors.scrapeOnce(
            new ReplayCommandRunner()
                .with("corosync-qnetd-tool -s", "qnetd-tool-sv-2n-healthy")
                .with("corosync-qnetd-tool -lv", "qnetd-tool-lv-2n-healthy"),
            List.of(TestCollectors.named("qnetd:source=tool")));
    Map<String, String> answers =
        Map.of(
            "status \n", out("qnetd-tool-sv-2n-healthy"),
            "list verbose \n", out("qnetd-tool-lv-2n-healthy"));
    NodeScrape bySocket;
    try (FakeDaemon daemon =
        FakeDaemon.answering(
            sock(), request -> "OK\n" + answers.get(new String(request, StandardCharsets.UTF_8)))) {
      bySocket = qnetdBySocket();
      assertThat(daemon.requests())
          .containsExactly(
              DaemonRequest.QNETD_STATUS.bytes(), DaemonRequest.QNETD_LIST_VERBOSE.bytes());
    }
    assertThat(outcome(bySocket, "qnetd").success()).isTrue();
    assertThat(series(bySocket)).hasSizeGreaterThan(3).isEqualTo(series(byTool));
  }

  @Test
  void noSocketIsADaemonDownAsTheToolsExit3Is() {
    NodeScrape byTool =
        TestCollectors.scrapeOnce(
            config().with("corosync-qdevice-tool", "qdevice-tool-sv-not-running"),
            List.of(TestCollectors.named("qdevice:source=tool")));
    NodeScrape bySocket = qdeviceBySocket();
    assertThat(outcome(bySocket, "qdevice").success()).isTrue();
    assertThat(series(bySocket)).isEqualTo(series(byTool));
    assertThat(series(bySocket)).extracting(Sample::value).containsExactly(0.0);

    NodeScrape qnetd = qnetdBySocket();
    assertThat(outcome(qnetd, "qnetd").success()).isTrue();
    assertThat(series(qnetd))
        .extracting(s -> s.metric().name() + " " + s.value())
        .containsExactly("corosync_qnetd_up 0.0");
  }

  @Test
  void errorAnswerFailsTheCollectorWithTheDaemonsMessage() throws Exception {
    try (FakeDaemon daemon = FakeDaemon.replying(sock(), "Error\nCan't get QDevice status\n")) {
      CollectorOutcome o = outcome(qdeviceBySocket(), "qdevice");
      assertThat(o.success()).isFalse();
      assertThat(o.error())
          .isEqualTo(
              sock() + " \"status verbose\": the daemon answered Error: Can't get QDevice status");
    }
  }

  @Test
  void emptyAnswerFailsTheCollectorAndIsNoDaemonDown() throws Exception {
    try (FakeDaemon daemon = FakeDaemon.replying(sock(), "")) {
      NodeScrape node = qdeviceBySocket();
      assertThat(outcome(node, "qdevice").success()).isFalse();
      assertThat(outcome(node, "qdevice").error()).contains("without a reply");
      assertThat(series(node)).isEmpty();
    }
  }

  @Test
  void unparseableAnswerNamesTheSocketAndRequest() throws Exception {
    try (FakeDaemon daemon = FakeDaemon.replying(sock(), "OK\nnot what the tool prints\n")) {
      CollectorOutcome o = outcome(qdeviceBySocket(), "qdevice");
      assertThat(o.success()).isFalse();
      assertThat(o.error()).startsWith(sock() + " \"status verbose\": unparseable answer: ");
    }
  }

  @Test
  void qnetdGoneBetweenItsTwoAnswersFailsTheCollector() throws Exception {
    String status = out("qnetd-tool-sv-2n-healthy");
    try (FakeDaemon daemon =
        FakeDaemon.answering(
            sock(), request -> request[0] == 's' ? "OK\n" + status : "Error\nshutting down\n")) {
      CollectorOutcome o = outcome(qnetdBySocket(), "qnetd");
      assertThat(o.success()).isFalse();
      assertThat(o.error()).endsWith("\"list verbose\": the daemon answered Error: shutting down");
    }
  }

  /** A refusal reads as the tool's does: what is wrong and what to do, never a daemon down. */
  @Test
  void refusedSocketFailsWithTheToolsReason() {
    DaemonReply refused =
        new DaemonReply(
            Path.of(QdeviceCollector.SOCKET),
            DaemonRequest.QDEVICE_STATUS_VERBOSE,
            DaemonReply.Outcome.REFUSED,
            "cannot connect: Permission denied",
            Duration.ZERO);
    CollectionException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            CollectionException.class, () -> SocketAccess.daemonAnswered(refused));
    assertThat(e.getMessage())
        .startsWith(
            "/run/corosync-qdevice/corosync-qdevice.sock \"status verbose\": cannot connect:"
                + " Permission denied: corosync-qdevice's socket refuses this user;")
        .contains("grant-socket qdevice");
  }

  @Test
  void socketIsLocalModesDefaultAndLocalOnly() {
    for (CollectorDefinition d :
        List.of(new QdeviceCollector.Definition(), new QnetdCollector.Definition())) {
      Collector local = d.create(CollectorSettings.defaults(RunMode.LOCAL));
      Collector central = d.create(CollectorSettings.defaults(RunMode.CENTRAL));
      assertThat(local.source()).as(d.spec().name()).hasValue("socket");
      assertThat(local.localOnly()).isTrue();
      assertThat(central.source()).hasValue("tool");
      assertThat(central.localOnly()).isFalse();
    }
  }

  /** The collector's own series: the exporter's (collector_source among them) differ by source. */
  private static List<Sample> series(NodeScrape node) {
    return node.samples().stream()
        .filter(s -> !s.metric().name().startsWith("corosync_exporter_"))
        .toList();
  }

  private static String out(String fixture) {
    return ReplayCommandRunner.read(fixture + ".out");
  }
}
