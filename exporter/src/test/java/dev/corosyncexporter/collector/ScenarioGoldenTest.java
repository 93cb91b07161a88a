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
   * Every scenario replays the stats query itself (prefix mode: the per-link keys, the srp keys and
   * stats.schedmiss.) as lab/record-fixtures.sh recorded it in that state, so the goldens show the
   * per-link counters, the srp series and the scheduler misses kept.
   */
  static List<Arguments> scenarios() {
    return List.of(
        Arguments.of(
            // record-fixtures.sh's three-node lab has no QDevice.
            "three-nodes-healthy",
            node()
                .with(CONFIG_QUERY, "cmapctl-config-3n-totem")
                .with(STATS_QUERY, "cmapctl-stats-3n-healthy"),
            "links,config"),
        // node2's stats query after a SIGSTOP of its corosync for 0.85 x token: one scheduler miss
        // kept. The only three-node configuration recording is node1's (this_node_id 1), so the
        // series are labelled node_name="node1" and node2's links to node1 are taken for node1's
        // own and left out: this golden is for the srp and scheduler-miss series (and the links to
        // node3) until the configuration query is recorded on node2 in this state too.
        Arguments.of(
            "three-nodes-scheduler-miss",
            node()
                .with(CONFIG_QUERY, "cmapctl-config-3n-totem")
                .with("corosync-cmapctl -m stats", "cmapctl-stats-3n-schedmiss"),
            "links,config"),
        // cmapctl's answer when nothing it was asked for exists (exit 1, nothing printed; recorded
        // for stats.schedmiss. on a node without scheduler misses): the links collector fails, the
        // configuration is unaffected.
        Arguments.of(
            "stats-query-matched-nothing",
            node()
                .with(CONFIG_QUERY, "cmapctl-config-3n-totem")
                .with("corosync-cmapctl -m stats", "cmapctl-stats-none-matched"),
            "links,config"),
        Arguments.of(
            "two-nodes-qdevice-healthy",
            node()
                .with("corosync-quorumtool", "quorumtool-p-2n-qd-healthy")
                .with(CONFIG_QUERY, "cmapctl-config-totem-2n-qd")
                .with(STATS_QUERY, "cmapctl-stats-query-2n-healthy")
                .with("corosync-qdevice-tool", "qdevice-tool-sv-connected"),
            "quorum,links,config,qdevice"),
        Arguments.of(
            "link1-cut",
            node()
                .with("corosync-quorumtool", "quorumtool-p-link1-cut")
                .with(CONFIG_QUERY, "cmapctl-config-totem-2n-qd")
                .with(STATS_QUERY, "cmapctl-stats-query-link1-cut")
                .with("corosync-qdevice-tool", "qdevice-tool-sv-connected"),
            "quorum,links,config,qdevice"),
        Arguments.of(
            "peer-isolated-survivor",
            node()
                .with("corosync-quorumtool", "quorumtool-p-isolated-survivor")
                .with(CONFIG_QUERY, "cmapctl-config-totem-2n-qd")
                .with(STATS_QUERY, "cmapctl-stats-query-isolated-survivor")
                .with("corosync-qdevice-tool", "qdevice-tool-sv-connected"),
            "quorum,links,config,qdevice"),
        Arguments.of(
            "qnetd-down",
            node()
                .with("corosync-quorumtool", "quorumtool-p-qnetd-down")
                .with(CONFIG_QUERY, "cmapctl-config-totem-2n-qd")
                .with(STATS_QUERY, "cmapctl-stats-query-2n-healthy")
                .with("corosync-qdevice-tool", "qdevice-tool-sv-connect-failed"),
            "quorum,links,config,qdevice"),
        Arguments.of(
            "qdevice-daemon-stopped",
            node()
                .with("corosync-quorumtool", "quorumtool-p-qdevice-stopped")
                .with(CONFIG_QUERY, "cmapctl-config-totem-2n-qd")
                .with(STATS_QUERY, "cmapctl-stats-query-2n-healthy")
                .with("corosync-qdevice-tool", "qdevice-tool-sv-not-running"),
            "quorum,links,config,qdevice"),
        Arguments.of(
            "two-nodes-peer-down",
            node()
                .with("corosync-quorumtool", "quorumtool-p-2n-peer-down")
                .with(CONFIG_QUERY, "cmapctl-config-2n")
                .with(STATS_QUERY, "cmapctl-stats-query-2n-peer-down"),
            "quorum,links,config,qdevice"),
        Arguments.of(
            "corosync-down",
            node()
                .with("corosync-quorumtool", "quorumtool-p-corosync-down")
                .with(CONFIG_QUERY, "cmapctl-corosync-down")
                .with(STATS_QUERY, "cmapctl-stats-query-corosync-down"),
            "quorum,links,config,qdevice"),
        Arguments.of(
            "links-from-cfgtool",
            node()
                .with("corosync-quorumtool", "quorumtool-p-link1-cut")
                .with(CONFIG_QUERY, "cmapctl-config-totem-2n-qd")
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

  /** The start of the stats query's command line on every node whose first peer is node2. */
  private static final String STATS_QUERY =
      "corosync-cmapctl -m stats stats.knet.node2.link0.enabled";

  /** The start of the configuration query's command line. */
  private static final String CONFIG_QUERY = "corosync-cmapctl totem.cluster_name";

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
