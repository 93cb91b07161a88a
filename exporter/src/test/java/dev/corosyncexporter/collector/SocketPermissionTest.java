package dev.corosyncexporter.collector;

import static dev.corosyncexporter.collector.TestCollectors.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corosyncexporter.scrape.CollectorOutcome;
import dev.corosyncexporter.scrape.NodeScrape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The QDevice and QNetd tools exit 3 both for "daemon not running" and for "socket refuses this
 * user". The fixtures *-permission-denied were recorded on the lab running the tools as an
 * unprivileged user (then "prometheus"; the Debian package's own user "corosync-exporter" is
 * refused alike, as any non-root user is): the first is a daemon that is down, the second a failure
 * of the collector whose reason says what to do, never a daemon reported down.
 */
class SocketPermissionTest {
  private static NodeScrape scrape(ReplayCommandRunner runner, String collector) {
    return TestCollectors.scrapeOnce(runner, List.of(TestCollectors.named(collector)));
  }

  private static boolean exports(NodeScrape node, MetricDef metric) {
    return node.samples().stream().anyMatch(s -> s.metric().equals(metric));
  }

  @Test
  void qdeviceSocketRefusedFailsTheCollectorWithItsReason() {
    NodeScrape node =
        scrape(
            new ReplayCommandRunner()
                .with("corosync-quorumtool", "quorumtool-p-2n-qd-healthy")
                .with("corosync-cmapctl totem.cluster_name", "cmapctl-config-2n-qd")
                .with("corosync-qdevice-tool", "qdevice-tool-sv-permission-denied"),
            "qdevice");
    CollectorOutcome qdevice = outcome(node, "qdevice");
    assertThat(qdevice.success()).isFalse();
    assertThat(qdevice.error())
        .contains("Permission denied")
        .contains("corosync-qdevice's socket refuses this user");
    assertThat(exports(node, QdeviceCollector.QDEVICE_UP)).isFalse();
  }

  @Test
  void qdeviceNotRunningIsStillADaemonDown() {
    NodeScrape node =
        scrape(
            new ReplayCommandRunner()
                .with("corosync-quorumtool", "quorumtool-p-qdevice-stopped")
                .with("corosync-cmapctl totem.cluster_name", "cmapctl-config-2n-qd")
                .with("corosync-qdevice-tool", "qdevice-tool-sv-not-running"),
            "qdevice");
    assertThat(outcome(node, "qdevice").success()).isTrue();
    assertThat(
            node.samples().stream()
                .filter(s -> s.metric().equals(QdeviceCollector.QDEVICE_UP))
                .map(Sample::value))
        .containsExactly(0.0);
  }

  @Test
  void qnetdSocketRefusedFailsTheCollectorWithItsReason() {
    NodeScrape node =
        scrape(
            new ReplayCommandRunner()
                .with("corosync-qnetd-tool -s", "qnetd-tool-s-permission-denied"),
            "qnetd");
    CollectorOutcome qnetd = outcome(node, "qnetd");
    assertThat(qnetd.success()).isFalse();
    assertThat(qnetd.error())
        .contains("Permission denied")
        .contains("corosync-qnetd's socket refuses this user");
    assertThat(exports(node, QnetdCollector.QNETD_UP)).isFalse();
  }
}
