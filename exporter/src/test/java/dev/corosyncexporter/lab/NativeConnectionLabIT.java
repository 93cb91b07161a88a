package dev.corosyncexporter.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.corosyncexporter.collector.ConfigCollector;
import dev.corosyncexporter.collector.LinksCollector;
import dev.corosyncexporter.collector.MetricDef;
import dev.corosyncexporter.collector.QuorumCollector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The kept-open connection path, local mode's default (no flags), next to the tool path
 * (--collector.quorum.source=quorumtool, --collector.links.source=stats) on the same node of a real
 * two-node cluster with a QDevice and two links, through the fault matrix: in every state both
 * export the same quorum, links and config series (which checks the JNA layouts and constants field
 * by field against corosync-quorumtool -p and corosync-cmapctl), a frozen corosync costs bounded
 * scrapes, a restarted one is found again, and nothing leaks: threads, file descriptors,
 * /dev/shm/qb-* rings.
 *
 * <p>The scenarios run in order ({@code @Order}) on one lab, each leaving the cluster healthy for
 * the next: a failure early in the class can cascade into the ones after it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NativeConnectionLabIT {
  private static final Duration CONVERGE = Duration.ofSeconds(60);
  private static final int NATIVE_PORT = 9681;
  private static final int TOOLS_PORT = 9682;
  private static final int NOLIBS_PORT = 9683;

  /**
   * The series whose values must agree; latency is compared by presence (it moves every ms), the
   * {@link #MOVING} counters by presence and by order.
   */
  private static final Set<String> COMPARED =
      Stream.of(
              new QuorumCollector.Definition(),
              new LinksCollector.Definition(),
              new ConfigCollector.Definition())
          .flatMap(d -> d.spec().metrics().stream())
          .map(MetricDef::name)
          .collect(Collectors.toUnmodifiableSet());

  /**
   * Counters that move between two reads of a healthy cluster (pings every token/4, data all the
   * time): the tool path's value must lie between two native reads taken around it. The rest
   * (state, config timeouts, scheduler misses kept, down counts) must be equal.
   */
  private static final Set<String> MOVING =
      Set.of(
          "corosync_knet_link_pings_sent_total",
          "corosync_knet_link_pongs_received_total",
          "corosync_knet_link_send_retries_total",
          "corosync_knet_link_send_errors_total",
          "corosync_knet_link_data_sent_packets_total",
          "corosync_knet_link_data_received_packets_total",
          "corosync_knet_link_data_sent_bytes_total",
          "corosync_knet_link_data_received_bytes_total",
          "corosync_totem_retransmits_total",
          "corosync_totem_token_lost_total",
          "corosync_totem_consensus_timeouts_total",
          "corosync_totem_gather_entered_total");

  @AutoClose private static Lab lab;
  private static String nativePath;
  private static String toolPath;
  private static Resources baseline;

  @BeforeAll
  static void up() {
    lab = Lab.up("--nodes", "2", "--qdevice", "--links", "2");
    nativePath = lab.startExporter("node1", "native", NATIVE_PORT);
    toolPath =
        lab.startExporter(
            "node1",
            "tools",
            TOOLS_PORT,
            "--collector.quorum.source=quorumtool",
            "--collector.links.source=stats",
            "--no-collector.config.watch");
  }

  @Test
  @Order(1)
  void healthyClusterAgrees() {
    awaitSame(e -> e.value("corosync_quorum_total_votes").orElse(0) == 3);
    Exposition n = Lab.scrape(nativePath);
    // The default is the connection path, and says so.
    for (String collector : List.of("quorum", "links", "config")) {
      assertThat(
              n.value(
                  "corosync_exporter_collector_source", "collector", collector, "source", "native"))
          .as(collector)
          .hasValue(1);
    }
    assertThat(
            Lab.scrape(toolPath)
                .value(
                    "corosync_exporter_collector_source",
                    "collector",
                    "quorum",
                    "source",
                    "quorumtool"))
        .hasValue(1);

    assertThat(n.value("corosync_member_qdevice_flag", "member_id", "2", "flag", "voting"))
        .hasValue(1);
    assertThat(n.value("corosync_ring_sequence")).isPresent();
    assertThat(n.find("corosync_knet_link_latency_seconds")).hasSize(2);
    assertThat(n.collectorSuccess("config")).hasValue(1);
    // The issue 18 series are there on the native path (their agreement is checked above).
    assertThat(n.find("corosync_knet_link_pings_sent_total")).hasSize(2);
    assertThat(n.find("corosync_knet_link_data_received_bytes_total")).hasSize(2);
    assertThat(n.value("corosync_totem_retransmits_total")).isPresent();
    assertThat(n.value("corosync_totem_firewall_or_nic_failure")).hasValue(0);
    assertThat(n.value("corosync_scheduler_misses_kept")).isPresent();
    assertThat(n.value("corosync_totem_token_timeout_seconds")).isPresent();
    assertThat(n.find("corosync_knet_ping_timeout_seconds")).hasSize(2);
  }

  @Test
  @Order(3)
  void oneLinkCutAgrees() {
    lab.sh("cut", "node2", "1");
    try {
      awaitSame(
          e -> e.value("corosync_knet_link_connected", "link", "1", "peer_id", "2").orElse(1) == 0);
    } finally {
      lab.sh("heal", "node2", "1");
    }
    awaitSame(
        e -> e.value("corosync_knet_link_connected", "link", "1", "peer_id", "2").orElse(0) == 1);
  }

  @Test
  @Order(4)
  void isolatedPeerAgrees() {
    lab.sh("cut", "node2");
    try {
      awaitSame(e -> e.value("corosync_membership_nodes").orElse(0) == 1);
    } finally {
      lab.sh("heal", "node2");
    }
    awaitHealthy();
  }

  /**
   * QNetd stopped takes the QDevice vote; node2's corosync stopped then blocks node1; {@code
   * corosync-quorumtool -e 1} unblocks it (in the states before, with both nodes present,
   * votequorum refuses -e 1 with CS_ERR_INVALID_PARAM; this is the state where an operator uses
   * it).
   */
  @Test
  @Order(5)
  void qnetdStoppedPeerStoppedAndExpectedVotesOverrideAgree() {
    lab.sh("stop", "qnetd", "qnetd");
    try {
      awaitSame(
          e ->
              e.value("corosync_member_qdevice_flag", "member_id", "1", "flag", "voting").orElse(1)
                  == 0);
      lab.sh("stop", "node2", "corosync");
      try {
        awaitSame(e -> e.value("corosync_activity_blocked").orElse(0) == 1);
        lab.sh("expected", "node1", "1");
        // votequorum keeps expected at node votes plus the registered QDevice's (2 here).
        awaitSame(e -> e.value("corosync_quorum_expected_votes").orElse(3) < 3);
      } finally {
        lab.sh("start", "node2", "corosync");
        lab.sh("wait-quorate", "node2", "60");
        // node2's qdevice daemon may have gone with its corosync; if it still runs, spawn refuses.
        try {
          lab.sh("start", "node2", "qdevice");
        } catch (AssertionError alreadyRunning) {
          // still running
        }
      }
    } finally {
      lab.sh("start", "qnetd", "qnetd");
    }
    awaitHealthy();
  }

  @Test
  @Order(7)
  void manyScrapesLeakNothing() {
    for (int i = 0; i < 300; i++) {
      assertThat(Lab.scrape(nativePath).collectorSuccess("quorum")).hasValue(1);
    }
    assertNoGrowth("after 300 scrapes");
  }

  @Test
  @Order(2)
  void fortyConcurrentScrapesAllAnswer() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Exposition>> scrapes = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        scrapes.add(pool.submit(() -> Lab.scrape(nativePath)));
      }
      for (Future<Exposition> f : scrapes) {
        Exposition e = f.get(60, TimeUnit.SECONDS);
        assertThat(e.collectorSuccess("quorum")).hasValue(1);
        assertThat(e.value("corosync_quorum_total_votes")).hasValue(3);
      }
    } finally {
      pool.shutdownNow();
    }
    // The web server's pool has grown to its working size: what the faults must not add to.
    Lab.sleep(1000);
    baseline = Resources.now();
    System.out.println("baseline after 40 concurrent scrapes: " + baseline);
  }

  /**
   * SIGSTOP: every call into corosync waits forever. Scrapes answer within Prometheus' timeout, the
   * stuck connections hold one thread each and are not piled on, and all of it recovers on SIGCONT.
   */
  @Test
  @Order(8)
  void frozenCorosyncCostsBoundedScrapesAndRecovers() throws Exception {
    lab.freeze("node1", "corosync");
    int maxThreads = 0;
    try {
      for (int i = 0; i < 6; i++) {
        long start = System.nanoTime();
        var r =
            Lab.get(nativePath + "/metrics", Map.of("X-Prometheus-Scrape-Timeout-Seconds", "5"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf("native path, frozen corosync: answered in %d ms%n", took.toMillis());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(took).as("within Prometheus' 5 s").isLessThan(Duration.ofSeconds(5));
        Exposition e = Exposition.parse(r.body());
        assertThat(e.collectorSuccess("quorum")).hasValue(0);
        assertThat(e.has("corosync_quorate")).isFalse();
        maxThreads = Math.max(maxThreads, Resources.now().threads());
      }
    } finally {
      lab.thaw("node1", "corosync");
    }
    System.out.println("threads while frozen: at most " + maxThreads + ", baseline " + baseline);
    assertThat(maxThreads)
        .as("no thread piled on a stuck call")
        .isLessThanOrEqualTo(baseline.threads() + 2);
    awaitHealthy();
    assertNoGrowth("after freeze and thaw");
  }

  @Test
  @Order(9)
  void restartedCorosyncIsFoundAgainWithoutRestartingTheExporter() {
    lab.sh("stop", "node1", "corosync");
    try {
      long start = System.nanoTime();
      Exposition e = Lab.scrape(nativePath);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      assertThat(e.collectorSuccess("quorum")).hasValue(0);
      assertThat(e.has("corosync_quorate")).isFalse();
    } finally {
      lab.sh("start", "node1", "corosync");
    }
    awaitSame(
        e ->
            e.value("corosync_membership_nodes").orElse(0) == 2
                && e.collectorSuccess("config").orElse(0) == 1);
    assertThat(lab.daemonLog("node1", "native")).doesNotContain("notification handler failed");
    assertNoGrowth("after corosync restart");
  }

  /**
   * A node where corosync's client libraries do not load (libvotequorum.so.8 covered by /dev/null
   * for this exporter and what it runs): it starts on the tools and says why, in one log line and
   * in corosync_exporter_collector_source. corosync-cmapctl needs only libcmap, so config and links
   * succeed through it; corosync-quorumtool needs libvotequorum too, so the quorum collector's tool
   * fails with the loader's message, which shows the tool did run.
   */
  @Test
  @Order(10)
  void withoutTheLibrariesTheDefaultFallsBackToTheTools() throws Exception {
    String library =
        lab.exec("node1", "readlink", "-f", "/usr/lib/x86_64-linux-gnu/libvotequorum.so.8").strip();
    String url = lab.startExporterHiding("node1", "nolibs", NOLIBS_PORT, List.of(library));
    try {
      Exposition e =
          Lab.awaitScrape(
              url,
              x ->
                  x.collectorSuccess("links").orElse(0) == 1
                      && x.collectorSuccess("config").orElse(0) == 1
                      && x.collectorSuccess("quorum").isPresent());
      for (String[] source :
          new String[][] {{"quorum", "quorumtool"}, {"links", "stats"}, {"config", "cmapctl"}}) {
        assertThat(
                e.value(
                    "corosync_exporter_collector_source",
                    "collector",
                    source[0],
                    "source",
                    source[1]))
            .as(source[0])
            .hasValue(1);
      }
      assertThat(e.find("corosync_knet_link_connected")).hasSize(2);
      assertThat(e.value("corosync_exporter_collector_success", "collector", "quorum")).hasValue(0);
      String log = lab.daemonLog("node1", "nolibs");
      assertThat(log.lines().filter(l -> l.contains("client libraries do not load here")))
          .singleElement()
          .asString()
          .contains("libvotequorum.so.8")
          .contains("collectors links, quorum run their tools instead");
      assertThat(log).contains("corosync-quorumtool").contains("libvotequorum.so.8");
    } finally {
      lab.sh("stop", "node1", "nolibs");
    }
  }

  private static void awaitHealthy() {
    awaitSame(
        e ->
            e.value("corosync_quorum_total_votes").orElse(0) == 3
                && e.value("corosync_membership_nodes").orElse(0) == 2
                && e.value("corosync_knet_peer_reachable", "peer_id", "2").orElse(0) == 1);
  }

  /**
   * Waits until the native path shows {@code state} and both paths export the same values (they are
   * scraped one after the other, so a state in motion is retried rather than failed).
   */
  private static void awaitSame(Predicate<Exposition> state) {
    AtomicReference<String> last = new AtomicReference<>("(no scrape)");
    try {
      await()
          .atMost(CONVERGE)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                Exposition n = Lab.scrape(nativePath);
                Exposition t = Lab.scrape(toolPath);
                Exposition later = Lab.scrape(nativePath);
                Map<String, String> a = compared(n);
                Map<String, String> b = compared(t);
                String outOfOrder = outOfOrder(n, t, later);
                last.set(diff(a, b) + outOfOrder + "\nnative scrape:\n" + n.text());
                return state.test(n)
                    && a.equals(b)
                    && outOfOrder.isEmpty()
                    && n.collectorSuccess("quorum").orElse(0) == 1
                    && n.collectorSuccess("links").orElse(0) == 1;
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("native and tool path did not agree:\n" + last.get(), e);
    }
  }

  private static Map<String, String> compared(Exposition e) {
    Map<String, String> m = new TreeMap<>();
    for (Exposition.Series s : e.series()) {
      if (!COMPARED.contains(s.name()) && !s.name().startsWith("corosync_config_")) {
        continue;
      }
      String key = s.name() + new TreeMap<>(s.labels());
      m.put(
          key,
          s.name().equals("corosync_knet_link_latency_seconds") || MOVING.contains(s.name())
              ? "present"
              : Double.toString(s.value()));
    }
    return m;
  }

  /**
   * Each {@link #MOVING} counter of the tool path between its values in the native reads before and
   * after it; empty when all are. A counter absent from either read is reported by {@link
   * #compared} already.
   */
  private static String outOfOrder(Exposition before, Exposition tools, Exposition after) {
    StringBuilder sb = new StringBuilder();
    for (Exposition.Series s : tools.series()) {
      if (!MOVING.contains(s.name())) {
        continue;
      }
      String[] labels = labelPairs(s);
      double low = before.value(s.name(), labels).orElse(Double.NaN);
      double high = after.value(s.name(), labels).orElse(Double.NaN);
      if (!(low <= s.value() && s.value() <= high)) {
        sb.append(s.name())
            .append(new TreeMap<>(s.labels()))
            .append(": native before=")
            .append(low)
            .append(" tools=")
            .append(s.value())
            .append(" native after=")
            .append(high)
            .append('\n');
      }
    }
    return sb.toString();
  }

  private static String[] labelPairs(Exposition.Series s) {
    return s.labels().entrySet().stream()
        .flatMap(e -> Stream.of(e.getKey(), e.getValue()))
        .toArray(String[]::new);
  }

  private static String diff(Map<String, String> nat, Map<String, String> tools) {
    StringBuilder sb = new StringBuilder();
    Set<String> keys = new TreeSet<>(nat.keySet());
    keys.addAll(tools.keySet());
    for (String k : keys) {
      String a = nat.get(k);
      String b = tools.get(k);
      if (!Objects.equals(a, b)) {
        sb.append(k).append(": native=").append(a).append(" tools=").append(b).append('\n');
      }
    }
    return sb.toString();
  }

  private static void assertNoGrowth(String when) {
    // Give a scrape that just ended a moment to drop its pooled thread work.
    Lab.sleep(1000);
    Resources now = Resources.now();
    System.out.println(when + ": " + now + " (baseline " + baseline + ")");
    assertThat(now.threads()).as(when + ": threads").isLessThanOrEqualTo(baseline.threads() + 2);
    assertThat(now.fds()).as(when + ": fds").isLessThanOrEqualTo(baseline.fds() + 2);
    assertThat(now.shmRings())
        .as(when + ": /dev/shm/qb-*")
        .isLessThanOrEqualTo(baseline.shmRings());
  }

  /** What the native exporter holds: its threads and fds, and node1's libqb ring directories. */
  private record Resources(int threads, int fds, int shmRings) {
    static Resources now() {
      try {
        Path proc = Path.of("/proc", Long.toString(lab.pid("node1", "native")));
        int threads;
        try (Stream<Path> t = Files.list(proc.resolve("task"))) {
          threads = (int) t.count();
        }
        int fds;
        try (Stream<Path> f = Files.list(proc.resolve("fd"))) {
          fds = (int) f.count();
        }
        String shm = lab.exec("node1", "sh", "-c", "ls /dev/shm | grep -c '^qb-' || true").strip();
        return new Resources(threads, fds, Integer.parseInt(shm.isEmpty() ? "0" : shm));
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
  }
}
