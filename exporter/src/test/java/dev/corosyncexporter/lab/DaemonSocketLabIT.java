package dev.corosyncexporter.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.corosyncexporter.collector.CollectorDefinition;
import dev.corosyncexporter.collector.MetricDef;
import dev.corosyncexporter.collector.QdeviceCollector;
import dev.corosyncexporter.collector.QnetdCollector;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The qdevice and qnetd collectors over the daemons' unix sockets ({@code source=socket}, local
 * mode's default) next to their tools ({@code source=tool}) on the same hosts of a real two-node
 * cluster with a QDevice: the real corosync-qdevice and corosync-qnetd answer both, and in every
 * state both export the same series; the socket path starts no tool; a stopped daemon is {@code _up
 * 0}; a frozen one costs bounded scrapes and is found again.
 *
 * <p>The scenarios run in order on one lab, each leaving it healthy for the next.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DaemonSocketLabIT {
  private static final Duration CONVERGE = Duration.ofSeconds(60);
  private static final int SOCKET_PORT = 9683;
  private static final int TOOLS_PORT = 9684;

  private static final Set<String> QDEVICE = names(new QdeviceCollector.Definition());
  private static final Set<String> QNETD = names(new QnetdCollector.Definition());

  @AutoClose private static Lab lab;
  private static String node1Socket;
  private static String node1Tools;
  private static String qnetdSocket;
  private static String qnetdTools;

  @BeforeAll
  static void up() {
    lab = Lab.up("--nodes", "2", "--qdevice", "--links", "1");
    node1Socket =
        lab.startExporter(
            "node1",
            "socket",
            SOCKET_PORT,
            "--collector.qdevice.source=socket",
            "--log.level=debug");
    node1Tools = lab.startExporter("node1", "tools", TOOLS_PORT, "--collector.qdevice.source=tool");
    qnetdSocket =
        lab.startExporter("qnetd", "socket", SOCKET_PORT, "--collector.qnetd.source=socket");
    qnetdTools = lab.startExporter("qnetd", "tools", TOOLS_PORT, "--collector.qnetd.source=tool");
  }

  @Test
  @Order(1)
  void connectedQdeviceAgreesAndNoToolRuns() {
    awaitSame(
        node1Socket,
        node1Tools,
        QDEVICE,
        e -> e.value("corosync_qdevice_state", "state", "connected").orElse(0) == 1);
    Exposition s = Lab.scrape(node1Socket);
    assertThat(
            s.value(
                "corosync_exporter_collector_source", "collector", "qdevice", "source", "socket"))
        .hasValue(1);
    assertThat(s.find("corosync_exporter_tool_runs_total", "tool", "corosync-qdevice-tool"))
        .as("the socket path starts no corosync-qdevice-tool")
        .isEmpty();
    assertThat(
            Lab.scrape(node1Tools)
                .find("corosync_exporter_tool_runs_total", "tool", "corosync-qdevice-tool"))
        .isNotEmpty();
    System.out.printf(
        "qdevice collector, median of 21 scrapes: socket %.2f ms, tool %.2f ms%n",
        medianQdeviceMillis(node1Socket), medianQdeviceMillis(node1Tools));
  }

  private static double medianQdeviceMillis(String exporter) {
    double[] ms = new double[21];
    for (int i = 0; i < ms.length; i++) {
      ms[i] =
          1000
              * Lab.scrape(exporter)
                  .value("corosync_exporter_collector_duration_seconds", "collector", "qdevice")
                  .orElseThrow();
    }
    java.util.Arrays.sort(ms);
    return ms[ms.length / 2];
  }

  @Test
  @Order(2)
  void qnetdStatusAndListAgree() {
    awaitSame(
        qnetdSocket,
        qnetdTools,
        QNETD,
        e ->
            e.value("corosync_qnetd_clients").orElse(0) == 2
                && e.find("corosync_qnetd_node_vote", "vote", "ack").size() == 2);
    Exposition s = Lab.scrape(qnetdSocket);
    assertThat(s.find("corosync_exporter_tool_runs_total", "tool", "corosync-qnetd-tool"))
        .isEmpty();
  }

  /** QNetd stopped: the qdevice is disconnected (both paths say how), QNetd's _up is 0 on both. */
  @Test
  @Order(3)
  void qnetdStoppedAgrees() {
    lab.sh("stop", "qnetd", "qnetd");
    try {
      awaitSame(
          node1Socket,
          node1Tools,
          QDEVICE,
          e ->
              e.value("corosync_qdevice_up").orElse(0) == 1
                  && e.value("corosync_qdevice_state", "state", "connected").orElse(1) == 0);
      awaitSame(qnetdSocket, qnetdTools, QNETD, e -> e.value("corosync_qnetd_up").orElse(1) == 0);
    } finally {
      lab.sh("start", "qnetd", "qnetd");
    }
    awaitHealthy();
  }

  @Test
  @Order(4)
  void stoppedQdeviceDaemonIsUpZeroBySocket() {
    lab.sh("stop", "node1", "qdevice");
    try {
      awaitSame(
          node1Socket, node1Tools, QDEVICE, e -> e.value("corosync_qdevice_up").orElse(1) == 0);
      Exposition s = Lab.scrape(node1Socket);
      assertThat(s.collectorSuccess("qdevice")).hasValue(1);
      assertThat(s.value("corosync_qdevice_up", "node_name", "node1")).hasValue(0);
    } finally {
      lab.sh("start", "node1", "qdevice");
    }
    awaitHealthy();
  }

  /**
   * SIGSTOP: the kernel still queues connections (up to the daemon's backlog), nobody answers.
   * Every scrape answers within Prometheus' timeout with the qdevice collector failed, and the
   * collector works again on SIGCONT.
   */
  @Test
  @Order(5)
  void frozenQdeviceCostsBoundedScrapesAndRecovers() throws Exception {
    lab.freeze("node1", "qdevice");
    try {
      // More scrapes than the backlog holds (10): past it, connecting fails at once.
      for (int i = 0; i < 14; i++) {
        long start = System.nanoTime();
        HttpResponse<String> r =
            Lab.get(node1Socket + "/metrics", Map.of("X-Prometheus-Scrape-Timeout-Seconds", "3"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf("socket path, frozen qdevice: answered in %d ms%n", took.toMillis());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(took).as("within Prometheus' 3 s").isLessThan(Duration.ofSeconds(3));
        Exposition e = Exposition.parse(r.body());
        assertThat(e.collectorSuccess("qdevice")).hasValue(0);
        assertThat(e.has("corosync_qdevice_up")).isFalse();
        assertThat(e.collectorSuccess("quorum")).hasValue(1);
      }
    } finally {
      lab.thaw("node1", "qdevice");
    }
    assertThat(lab.daemonLog("node1", "socket"))
        .contains("corosync-qdevice.sock \"status verbose\"");
    awaitHealthy();
  }

  private static void awaitHealthy() {
    awaitSame(
        node1Socket,
        node1Tools,
        QDEVICE,
        e -> e.value("corosync_qdevice_state", "state", "connected").orElse(0) == 1);
    awaitSame(
        qnetdSocket, qnetdTools, QNETD, e -> e.value("corosync_qnetd_clients").orElse(0) == 2);
  }

  /**
   * Waits until the socket path shows {@code state}, its collector succeeded, and both paths export
   * the same values of the collector's series.
   */
  private static void awaitSame(
      String socket, String tools, Set<String> compared, Predicate<Exposition> state) {
    AtomicReference<String> last = new AtomicReference<>("(no scrape)");
    String collector = compared == QDEVICE ? "qdevice" : "qnetd";
    try {
      await()
          .atMost(CONVERGE)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                Exposition s = Lab.scrape(socket);
                Exposition t = Lab.scrape(tools);
                Map<String, Double> a = series(s, compared);
                Map<String, Double> b = series(t, compared);
                last.set(diff(a, b) + "\nsocket scrape:\n" + s.text());
                return state.test(s)
                    && !a.isEmpty()
                    && a.equals(b)
                    && s.collectorSuccess(collector).orElse(0) == 1
                    && t.collectorSuccess(collector).orElse(0) == 1;
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("socket and tool path did not agree:\n" + last.get(), e);
    }
  }

  private static Map<String, Double> series(Exposition e, Set<String> names) {
    Map<String, Double> m = new TreeMap<>();
    for (Exposition.Series s : e.series()) {
      if (names.contains(s.name())) {
        m.put(s.name() + new TreeMap<>(s.labels()), s.value());
      }
    }
    return m;
  }

  private static String diff(Map<String, Double> socket, Map<String, Double> tools) {
    StringBuilder sb = new StringBuilder();
    Set<String> keys = new TreeSet<>(socket.keySet());
    keys.addAll(tools.keySet());
    for (String k : keys) {
      if (!Objects.equals(socket.get(k), tools.get(k))) {
        sb.append(k)
            .append(": socket=")
            .append(socket.get(k))
            .append(" tools=")
            .append(tools.get(k))
            .append('\n');
      }
    }
    return sb.toString();
  }

  private static Set<String> names(CollectorDefinition d) {
    return d.spec().metrics().stream().map(MetricDef::name).collect(Collectors.toSet());
  }
}
