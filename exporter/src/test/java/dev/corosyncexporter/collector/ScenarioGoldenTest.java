package dev.corosyncexporter.collector;

import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole pipeline (collectors, parsers, snapshot assembly, text writer) on outputs recorded from
 * the real tools, compared with reviewed exposition files in src/test/resources/golden. A missing
 * golden file fails; regenerate with -Dgolden.update=true and review the diff. {@code collectors}:
 * registered collectors, comma-separated, each optionally with :OPTION=VALUE.
 */
class ScenarioGoldenTest {
  /**
   * The two-node scenarios replay stats recorded as walks of stats.knet.(node) before the stats
   * query asked for stats.srp. and stats.schedmiss.: their goldens show the per-link counters but
   * no srp series (and 0 scheduler misses kept). The three-node ones replay the query itself.
   */
  static List<Arguments> scenarios() {
    return List.of(
        Arguments.of(
            "three-nodes-qdevice-healthy",
            node()
                .with("corosync-cmapctl totem.cluster_name", "cmapctl-config-3n-totem")
                .with(
                    "corosync-cmapctl -m stats stats.knet.node2.link0.enabled",
                    "cmapctl-stats-3n-healthy"),
            "links,config"),
        // cmapctl's answer when nothing it was asked for exists (exit 1, nothing printed; recorded
        // for stats.schedmiss. on a node without scheduler misses): the links collector fails, the
        // configuration is unaffected.
        Arguments.of(
            "stats-query-matched-nothing",
            node()
                .with("corosync-cmapctl totem.cluster_name", "cmapctl-config-3n-totem")
                .with("corosync-cmapctl -m stats", "cmapctl-stats-none-matched"),
            "links,config"),
        Arguments.of(
            "two-nodes-qdevice-healthy",
            node()
                .with("corosync-quorumtool", "quorumtool-p-2n-qd-healthy")
                .with("corosync-cmapctl totem.cluster_name", "cmapctl-config-2n-qd")
                .with("corosync-cmapctl -m stats stats.knet.node", "cmapctl-stats-knet-2n-healthy")
                .with("corosync-qdevice-tool", "qdevice-tool-sv-connected"),
            "quorum,links,config,qdevice"),
        Arguments.of(
            "link1-cut",
            node()
                .with("corosync-quorumtool", "quorumtool-p-link1-cut")
                .with("corosync-cmapctl totem.cluster_name", "cmapctl-config-2n-qd")
                .with("corosync-cmapctl -m stats stats.knet.node", "cmapctl-stats-knet-link1-cut")
                .with("corosync-qdevice-tool", "qdevice-tool-sv-connected"),
            "quorum,links,config,qdevice"),
        Arguments.of(
            "peer-isolated-survivor",
            node()
                .with("corosync-quorumtool", "quorumtool-p-isolated-survivor")
                .with("corosync-cmapctl totem.cluster_name", "cmapctl-config-2n-qd")
                .with(
                    "corosync-cmapctl -m stats stats.knet.node",
                    "cmapctl-stats-knet-isolated-survivor")
                .with("corosync-qdevice-tool", "qdevice-tool-sv-connected"),
            "quorum,links,config,qdevice"),
        Arguments.of(
            "qnetd-down",
            node()
                .with("corosync-quorumtool", "quorumtool-p-qnetd-down")
                .with("corosync-cmapctl totem.cluster_name", "cmapctl-config-2n-qd")
                .with("corosync-cmapctl -m stats stats.knet.node", "cmapctl-stats-knet-2n-healthy")
                .with("corosync-qdevice-tool", "qdevice-tool-sv-connect-failed"),
            "quorum,links,config,qdevice"),
        Arguments.of(
            "qdevice-daemon-stopped",
            node()
                .with("corosync-quorumtool", "quorumtool-p-qdevice-stopped")
                .with("corosync-cmapctl totem.cluster_name", "cmapctl-config-2n-qd")
                .with("corosync-cmapctl -m stats stats.knet.node", "cmapctl-stats-knet-2n-healthy")
                .with("corosync-qdevice-tool", "qdevice-tool-sv-not-running"),
            "quorum,links,config,qdevice"),
        Arguments.of(
            "two-nodes-peer-down",
            node()
                .with("corosync-quorumtool", "quorumtool-p-2n-peer-down")
                .with("corosync-cmapctl totem.cluster_name", "cmapctl-config-2n")
                .with(
                    "corosync-cmapctl -m stats stats.knet.node", "cmapctl-stats-knet-2n-peer-down"),
            "quorum,links,config,qdevice"),
        Arguments.of(
            "corosync-down",
            node()
                .with("corosync-quorumtool", "quorumtool-p-corosync-down")
                .with("corosync-cmapctl totem.cluster_name", "cmapctl-corosync-down")
                .with("corosync-cmapctl -m stats stats.knet.node", "cmapctl-stats-corosync-down"),
            "quorum,links,config,qdevice"),
        Arguments.of(
            "links-from-cfgtool",
            node()
                .with("corosync-quorumtool", "quorumtool-p-link1-cut")
                .with("corosync-cmapctl totem.cluster_name", "cmapctl-config-2n-qd")
                .with("corosync-cfgtool -s", "cfgtool-s-link1-cut"),
            "links:source=cfgtool"),
        Arguments.of(
            "qnetd-host",
            node()
                .with("corosync-qnetd-tool -s", "qnetd-tool-sv-2n-healthy")
                .with("corosync-qnetd-tool -l", "qnetd-tool-lv-2n-healthy"),
            "qnetd"),
        Arguments.of(
            "qnetd-host-daemon-down",
            node().with("corosync-qnetd-tool -s", "qnetd-tool-s-not-running"),
            "qnetd"));
  }

  private static ReplayCommandRunner node() {
    return new ReplayCommandRunner();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void exposition(String scenario, ReplayCommandRunner runner, String collectors)
      throws IOException {
    Golden.assertMatches(
        scenario, Golden.exposition(runner, TestCollectors.named(List.of(collectors.split(",")))));
  }

  /** Prometheus text as the golden files hold it, for tests that scrape on their own. */
  static String expose(MetricSnapshots snapshots) throws IOException {
    return Golden.text(snapshots);
  }
}
