package dev.corosyncexporter.collector;

import java.util.List;

/** The metric contract. docs/metrics.md documents each of these; a test keeps the two in step. */
public final class Metrics {
  private Metrics() {}

  // quorum collector: corosync-quorumtool -p / pvecm status
  public static final MetricDef QUORATE =
      MetricDef.gauge("corosync_quorate", "1 when this node's quorum service reports Quorate: Yes.");
  public static final MetricDef ACTIVITY_BLOCKED =
      MetricDef.gauge(
          "corosync_activity_blocked",
          "1 when votequorum reports 'Activity blocked': this node may not change cluster state.");
  public static final MetricDef EXPECTED_VOTES =
      MetricDef.gauge("corosync_quorum_expected_votes", "Expected votes in this node's view.");
  public static final MetricDef HIGHEST_EXPECTED_VOTES =
      MetricDef.gauge(
          "corosync_quorum_highest_expected_votes", "Highest expected votes among the current members.");
  public static final MetricDef TOTAL_VOTES =
      MetricDef.gauge(
          "corosync_quorum_total_votes",
          "Votes present in this node's view, including the QDevice vote when this node's qdevice casts it.");
  public static final MetricDef REQUIRED_VOTES =
      MetricDef.gauge("corosync_quorum_required_votes", "Votes needed for quorum (the Quorum: line).");
  public static final MetricDef MEMBERSHIP_NODES =
      MetricDef.gauge("corosync_membership_nodes", "Nodes in this node's current membership.");
  public static final MetricDef RING_SEQUENCE =
      MetricDef.gauge(
          "corosync_ring_sequence", "Sequence number of the current ring id; it changes on every membership change.");
  public static final MetricDef QUORUM_FLAG =
      MetricDef.gauge("corosync_quorum_flag", "1 when votequorum reports this flag on this node.", "flag");
  public static final MetricDef MEMBER_VOTES =
      MetricDef.gauge(
          "corosync_member_votes", "Votes of each member in this node's view.", "member_id", "member_name");
  public static final MetricDef MEMBER_QDEVICE_FLAG =
      MetricDef.gauge(
          "corosync_member_qdevice_flag",
          "QDevice state of each member as votequorum reports it (the Qdevice column).",
          "member_id",
          "member_name",
          "flag");
  public static final MetricDef QDEVICE_VOTES =
      MetricDef.gauge(
          "corosync_qdevice_votes",
          "Votes the QDevice contributes in this node's view now (0 when this node's qdevice does not cast).");

  // config collector: corosync-cmapctl
  public static final MetricDef QDEVICE_CONFIGURED_VOTES =
      MetricDef.gauge("corosync_qdevice_configured_votes", "Votes configured for the QDevice (quorum.device.votes).");
  public static final MetricDef CONFIG_NODES =
      MetricDef.gauge("corosync_config_nodes", "Nodes in the running nodelist.");
  public static final MetricDef CONFIG_VOTES =
      MetricDef.gauge("corosync_config_votes", "Configured node votes plus configured QDevice votes.");
  public static final MetricDef CONFIG_LINKS =
      MetricDef.gauge("corosync_config_links", "knet links configured in the nodelist.");
  public static final MetricDef CONFIG_VERSION =
      MetricDef.gauge("corosync_config_version", "totem.config_version of the running configuration.");

  // links collector: corosync-cmapctl -m stats (or corosync-cfgtool -s)
  public static final MetricDef LINK_CONNECTED =
      MetricDef.gauge(
          "corosync_knet_link_connected", "1 when the knet link to the peer is connected.", "link", "peer_id", "peer_name");
  public static final MetricDef LINK_ENABLED =
      MetricDef.gauge(
          "corosync_knet_link_enabled", "1 when the knet link to the peer is enabled.", "link", "peer_id", "peer_name");
  public static final MetricDef LINK_LATENCY =
      MetricDef.gauge(
          "corosync_knet_link_latency_seconds",
          "Average latency knet measured on the link.",
          "link",
          "peer_id",
          "peer_name");
  public static final MetricDef LINK_MTU =
      MetricDef.gauge("corosync_knet_link_mtu_bytes", "Path MTU knet uses on the link.", "link", "peer_id", "peer_name");
  public static final MetricDef LINK_DOWN =
      MetricDef.counter(
          "corosync_knet_link_down_total", "Times the knet link went down.", "link", "peer_id", "peer_name");
  public static final MetricDef PEER_REACHABLE =
      MetricDef.gauge(
          "corosync_knet_peer_reachable", "1 when the peer is reachable over at least one link.", "peer_id", "peer_name");

  // qdevice collector: corosync-qdevice-tool -sv
  public static final MetricDef QDEVICE_UP =
      MetricDef.gauge("corosync_qdevice_up", "1 when corosync-qdevice-tool reached the local qdevice daemon.");
  public static final MetricDef QDEVICE_STATE =
      MetricDef.gauge("corosync_qdevice_state", "State of the qdevice's connection to QNetd.", "state");
  public static final MetricDef QDEVICE_INFO =
      MetricDef.info(
          "corosync_qdevice_info",
          "QDevice model, algorithm, tie-breaker and QNetd host.",
          "model",
          "algorithm",
          "tie_breaker",
          "qnetd_host");

  // qnetd collector: corosync-qnetd-tool -s / -lv
  public static final MetricDef QNETD_UP =
      MetricDef.gauge("corosync_qnetd_up", "1 when corosync-qnetd-tool reached the QNetd daemon.").hostScoped();
  public static final MetricDef QNETD_CLIENTS =
      MetricDef.gauge("corosync_qnetd_clients", "Clients (qdevices) connected to QNetd.").hostScoped();
  public static final MetricDef QNETD_CLUSTERS =
      MetricDef.gauge("corosync_qnetd_clusters", "Clusters QNetd serves.").hostScoped();
  public static final MetricDef QNETD_NODE_VOTE =
      MetricDef.gauge(
          "corosync_qnetd_node_vote", "Last vote QNetd sent to each connected node.", "member_id", "vote");

  // the exporter itself
  public static final MetricDef COLLECTOR_SUCCESS =
      MetricDef.gauge(
          "corosync_exporter_collector_success", "1 when the collector ran and parsed its tools' output.", "collector");
  public static final MetricDef COLLECTOR_DURATION =
      MetricDef.gauge(
          "corosync_exporter_collector_duration_seconds", "How long the collector took in this scrape.", "collector");
  public static final MetricDef BUILD_INFO =
      MetricDef.info("corosync_exporter_build_info", "Version of corosync-exporter.", "version", "revision");

  // central mode: per node, and per cluster from all nodes' views
  public static final MetricDef TARGET_UP =
      MetricDef.gauge(
          "corosync_exporter_target_up", "1 when the node was reachable over SSH and its commands ran this scrape.");
  public static final MetricDef CLUSTER_PARTITIONS =
      MetricDef.gauge(
          "corosync_cluster_partitions",
          "Distinct membership views among the reachable nodes: 1 when healthy, 2 or more during a split.");
  public static final MetricDef CLUSTER_QUORATE_NODES =
      MetricDef.gauge("corosync_cluster_quorate_nodes", "Reachable nodes that report quorate.");
  public static final MetricDef CLUSTER_REACHABLE_NODES =
      MetricDef.gauge("corosync_cluster_reachable_nodes", "Configured nodes reachable over SSH this scrape.");

  public static final List<MetricDef> ALL =
      List.of(
          QUORATE, ACTIVITY_BLOCKED, EXPECTED_VOTES, HIGHEST_EXPECTED_VOTES, TOTAL_VOTES, REQUIRED_VOTES,
          MEMBERSHIP_NODES, RING_SEQUENCE, QUORUM_FLAG, MEMBER_VOTES, MEMBER_QDEVICE_FLAG, QDEVICE_VOTES,
          QDEVICE_CONFIGURED_VOTES, CONFIG_NODES, CONFIG_VOTES, CONFIG_LINKS, CONFIG_VERSION,
          LINK_CONNECTED, LINK_ENABLED, LINK_LATENCY, LINK_MTU, LINK_DOWN, PEER_REACHABLE,
          QDEVICE_UP, QDEVICE_STATE, QDEVICE_INFO,
          QNETD_UP, QNETD_CLIENTS, QNETD_CLUSTERS, QNETD_NODE_VOTE,
          COLLECTOR_SUCCESS, COLLECTOR_DURATION, BUILD_INFO,
          TARGET_UP, CLUSTER_PARTITIONS, CLUSTER_QUORATE_NODES, CLUSTER_REACHABLE_NODES);
}
