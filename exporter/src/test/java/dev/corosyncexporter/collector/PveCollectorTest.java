package dev.corosyncexporter.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corosyncexporter.command.CommandRunner;
import dev.corosyncexporter.command.LocalCommandRunner;
import dev.corosyncexporter.concurrent.Deadline;
import dev.corosyncexporter.parse.CorosyncConfig;
import dev.corosyncexporter.scrape.CollectorOutcome;
import dev.corosyncexporter.scrape.Identity;
import dev.corosyncexporter.scrape.Metrics;
import dev.corosyncexporter.scrape.NodeScrape;
import dev.corosyncexporter.scrape.NodeScraper;
import dev.corosyncexporter.scrape.SnapshotAssembler;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pve collector on files the lab's real pmxcfs served (HA files written through it by the lab's
 * stand-ins) and on hand-written upstream formats: golden expositions over the remote path (central
 * mode's /bin/cat commands, replayed), and the local path on a folder.
 */
class PveCollectorTest {
  private static final ExecutorService POOL = Executors.newFixedThreadPool(4);
  private static final Path GOLDEN = Path.of("src/test/resources/golden");

  /** The lab's HA files were written at this second (manager_status's timestamp). */
  private static final long RECORDED = 1796676515L;

  private static final long HANDWRITTEN = 1796220000L;

  @AfterAll
  static void stop() {
    POOL.shutdownNow();
  }

  static Clock at(long epochSecond) {
    return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
  }

  private static ReplayCommandRunner pve(String members) {
    return new ReplayCommandRunner()
        .with("cat /etc/pve/.members", members)
        .with("cat /etc/pve/nodes/node1/lrm_status", "pve-lrm-status-active")
        .with("cat /etc/pve/nodes/node2/lrm_status", "pve-lrm-status-node2")
        .with("cat /etc/pve/ha/manager_status", "pve-manager-status-2n-healthy")
        .with("stat -c %a /etc/pve/corosync.conf", "pve-mode-quorate")
        .with("test -e /run/watchdog-mux.active", "pve-watchdog-not-armed");
  }

  static List<Arguments> scenarios() {
    return List.of(
        Arguments.of("pve-healthy", pve("pve-members-2n-healthy"), RECORDED + 7),
        Arguments.of(
            "pve-isolated-node",
            pve("pve-members-isolated-node")
                .with("stat -c %a /etc/pve/corosync.conf", "pve-mode-not-quorate")
                .with("test -e /run/watchdog-mux.active", "pve-watchdog-armed"),
            RECORDED + 45),
        Arguments.of("pve-isolated-survivor", pve("pve-members-isolated-survivor"), RECORDED + 45),
        Arguments.of(
            "pve-fence-disarm",
            pve("pve-members-2n-healthy")
                .with("cat /etc/pve/nodes/node1/lrm_status", "older/pve-lrm-status-pve9-disarm")
                .with("cat /etc/pve/nodes/node2/lrm_status", "pve-lrm-status-absent")
                .with("cat /etc/pve/ha/manager_status", "older/pve-manager-status-fence-disarm"),
            HANDWRITTEN + 30),
        // A standalone Proxmox VE host: pmxcfs without a cluster, no corosync.conf, no CRM; its own
        // LRM has written no lrm_status (it writes only while quorate).
        Arguments.of(
            "pve-not-clustered",
            pve("older/pve-members-not-clustered")
                .with("cat /etc/pve/nodes/pve1/lrm_status", "pve-lrm-status-absent")
                .with("cat /etc/pve/ha/manager_status", "older/pve-file-absent")
                .with("stat -c %a /etc/pve/corosync.conf", "older/pve-mode-no-corosync-conf"),
            HANDWRITTEN + 30),
        // A plain corosync node asked over SSH: no .members, and no /etc/pve (test -d exits 1,
        // as the recorded test -e of a missing flag does).
        Arguments.of(
            "pve-plain-corosync-node",
            pve("pve-members-no-pmxcfs").with("test -d /etc/pve", "pve-watchdog-not-armed"),
            RECORDED),
        Arguments.of(
            "pve-pmxcfs-not-running",
            pve("pve-members-no-pmxcfs")
                .with("test -d /etc/pve", "pve-etc-pve-dir")
                .with("cat /etc/pve/ha/manager_status", "older/pve-file-absent")
                .with("stat -c %a /etc/pve/corosync.conf", "older/pve-mode-no-corosync-conf"),
            RECORDED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void exposition(String scenario, ReplayCommandRunner runner, long now) throws IOException {
    String actual =
        ScenarioGoldenTest.expose(
            scrape(runner, new PveCollector(at(now), Path.of("/"), PveLocalReader.STUCK_AFTER)));
    Path golden = GOLDEN.resolve(scenario + ".prom");
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(golden, actual);
    }
    assertThat(golden).as("golden file (create with -Dgolden.update=true, then review)").exists();
    assertThat(actual).isEqualTo(Files.readString(golden));
  }

  private static MetricSnapshots scrape(CommandRunner runner, PveCollector collector) {
    NodeScraper scraper =
        TestCollectors.scraper(
            runner,
            false,
            List.of(
                new CollectorSelection.Enabled(new PveCollector.Definition().spec(), collector)),
            POOL);
    return withoutOwnSeries(scraper.scrape(Deadline.in(Duration.ofSeconds(10))));
  }

  private static MetricSnapshots withoutOwnSeries(NodeScrape node) {
    List<Sample> scenario =
        node.samples().stream().filter(x -> !Metrics.OWN.contains(x.metric())).toList();
    return SnapshotAssembler.assemble(
        List.of(new NodeScrape(node.identity(), scenario, node.outcomes(), Optional.empty())),
        List.of());
  }

  @Test
  void onByDefaultOnlyWhereEtcPveIsAFuseMount() {
    String mounts =
        "sysfs /sys sysfs rw 0 0\n"
            + "/dev/fuse /etc/pve fuse rw,nosuid,nodev,relatime,user_id=0,group_id=0,allow_other 0 0\n";
    assertThat(HostFacts.mountTypeIn(mounts, "/etc/pve")).contains("fuse");
    assertThat(HostFacts.mountTypeIn("sysfs /sys sysfs rw 0 0\n", "/etc/pve")).isEmpty();
    java.util.function.Predicate<HostFacts> present =
        new PveCollector.Definition().spec().presentOn();
    assertThat(present.test(fuseAt("/etc/pve"))).isTrue();
    assertThat(present.test(fuseAt("/mnt/other"))).isFalse();
    // A plain corosync node: corosync.conf, and /etc/pve at most an empty folder.
    assertThat(present.test(path -> true)).isFalse();
  }

  private static HostFacts fuseAt(String mountPoint) {
    return new HostFacts() {
      @Override
      public boolean exists(String path) {
        return true;
      }

      @Override
      public Optional<String> mountType(String m) {
        return m.equals(mountPoint) ? Optional.of("fuse") : Optional.empty();
      }
    };
  }

  @Test
  void aHostileMemberNameNeverBecomesAPath() throws CollectionException {
    PveFiles.Source source =
        new FakeSource(
            "{\"nodename\": \"n\", \"version\": 1, \"cluster\": {\"name\": \"c\", \"version\": 1,"
                + " \"nodes\": 1, \"quorate\": 1}, \"nodelist\": {\"../../priv\": {\"id\": 1,"
                + " \"online\": 1}}}");
    PveRead read = new EtcPveReader(at(RECORDED)).read(source, Optional.empty()).orElseThrow();
    assertThat(read.members().ok()).isFalse();
    assertThat(read.members().failure()).contains("member name is not a node name: \"../../priv\"");
    assertThat(read.lrm()).isEmpty();
  }

  /**
   * .members unreadable (pmxcfs restarting): this node's own lrm_status is still looked for, by the
   * name corosync gives it (the node_name its series carry), so its LRM state stays known to the
   * self-fence page.
   */
  @Test
  void withoutMembersThisNodesLrmStatusIsLookedForByCorosyncsName() throws Exception {
    ReplayCommandRunner node2 =
        pve("pve-members-no-pmxcfs").with("test -d /etc/pve", "pve-etc-pve-dir");
    CorosyncConfig config =
        new CorosyncConfig(
            "lab",
            OptionalLong.of(1),
            List.of(new CorosyncConfig.Node(1, "node1", 1), new CorosyncConfig.Node(2, "node2", 1)),
            1,
            Optional.empty(),
            OptionalInt.empty(),
            2);
    CollectorContext context =
        new CollectorContext(
            node2,
            ToolPaths.DEFAULTS,
            Duration.ofSeconds(2),
            Deadline.in(Duration.ofSeconds(5)),
            CompletableFuture.completedFuture(config),
            Optional.of(config),
            Optional.empty());
    SampleSink sink = new SampleSink();
    new PveCollector(at(RECORDED + 7), Path.of("/"), PveLocalReader.STUCK_AFTER)
        .collect(context, sink);
    NodeScrape s =
        new NodeScrape(new Identity("lab", "node2"), sink.samples(), List.of(), Optional.empty());
    assertThat(value(s, PveCollector.READ_SUCCESS, "members")).contains(0.0);
    assertThat(value(s, PveCollector.LRM_STATUS_READ_SUCCESS, "node2")).contains(1.0);
    assertThat(value(s, PveCollector.LRM_STATE, "node2", "active")).contains(1.0);
    assertThat(value(s, PveCollector.LRM_STATUS_READ_SUCCESS, "node1")).isEmpty();
    assertThat(value(s, PveCollector.WATCHDOG_ARMED)).contains(0.0);
  }

  /** Local mode: the same files read from a folder standing in for /, on the reader thread. */
  @Test
  void readsLocalFilesAndModeBits(@TempDir Path root) throws Exception {
    write(root, "etc/pve/.members", ReplayCommandRunner.read("pve-members-isolated-node.out"));
    write(
        root,
        "etc/pve/nodes/node2/lrm_status",
        ReplayCommandRunner.read("pve-lrm-status-node2.out"));
    Path conf = write(root, "etc/pve/corosync.conf", "totem {}\n");
    Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("r--r-----"));
    Files.createDirectories(root.resolve("run/watchdog-mux.active"));
    EtcPveReader reader = new EtcPveReader(at(RECORDED));
    PveFiles.LocalSource source = new PveFiles.LocalSource(root);
    PveRead read = reader.read(source, Optional.empty()).orElseThrow();
    assertThat(read.members().value().orElseThrow().cluster().orElseThrow().quorate()).isFalse();
    assertThat(read.writable().value()).contains(Optional.of(false));
    assertThat(read.lrm()).containsOnlyKeys("node1", "node2");
    assertThat(read.lrm().get("node1").value()).contains(Optional.empty());
    assertThat(read.lrm().get("node2").value().orElseThrow()).isPresent();
    assertThat(read.manager().value()).contains(Optional.empty());
    assertThat(source.exists(PveFiles.WATCHDOG_MARKER)).isTrue();
    Files.delete(root.resolve("etc/pve/.members"));
    PveRead without = reader.read(source, Optional.of("node2")).orElseThrow();
    assertThat(without.members().failure()).contains("pmxcfs not running");
    assertThat(without.lrm()).containsOnlyKeys("node2");
    assertThat(without.writable().ok()).isTrue();
  }

  /**
   * Local mode's files as the lab's healthy two-node cluster has them, .members a FIFO: a read of
   * it waits, as a read of a busy or hung pmxcfs does, until the test writes it.
   */
  private static Path healthyEtcPveWithMembersAsFifo(Path root) throws Exception {
    write(root, "etc/pve/nodes/node1/lrm_status", fixture("pve-lrm-status-active"));
    write(root, "etc/pve/nodes/node2/lrm_status", fixture("pve-lrm-status-node2"));
    write(root, "etc/pve/ha/manager_status", fixture("pve-manager-status-2n-healthy"));
    Path conf = write(root, "etc/pve/corosync.conf", "totem {}\n");
    Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r-----"));
    Path members = root.resolve("etc/pve/.members");
    Process mkfifo = new ProcessBuilder("mkfifo", members.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).as("mkfifo").isZero();
    return members;
  }

  private static String fixture(String name) {
    return ReplayCommandRunner.read(name + ".out");
  }

  /** Threads of every local pve reader in this JVM (one per collector that read locally). */
  private static long readerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().equals("reader /etc/pve"))
        .count();
  }

  private static CollectorOutcome pveOutcome(NodeScrape s) {
    return s.outcomes().stream().filter(o -> o.collector().equals("pve")).findFirst().orElseThrow();
  }

  private static NodeScraper localScraper(LocalCommandRunner runner, PveCollector collector) {
    return TestCollectors.scraper(
        runner,
        false,
        List.of(new CollectorSelection.Enabled(new PveCollector.Definition().spec(), collector)),
        POOL);
  }

  /**
   * Two Prometheus servers with different scrape timeouts: the one with the earlier deadline
   * collects beside the one in flight (SharedScrape), and both read /etc/pve on the one reader
   * thread. The second waits its turn behind the young first read and gets its answer; nothing is
   * stuck, so neither fails.
   */
  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void overlappingScrapesWithDifferentDeadlinesBothReadTheFiles(@TempDir Path root)
      throws Exception {
    Path members = healthyEtcPveWithMembersAsFifo(root);
    PveCollector collector = new PveCollector(at(RECORDED + 7), root, PveLocalReader.STUCK_AFTER);
    ExecutorService prometheus = Executors.newCachedThreadPool();
    try (LocalCommandRunner runner = new LocalCommandRunner();
        NodeScraper scraper = localScraper(runner, collector)) {
      CompletableFuture<NodeScrape> first =
          CompletableFuture.supplyAsync(
              () -> scraper.scrape(Deadline.in(Duration.ofSeconds(30))), prometheus);
      CompletableFuture<NodeScrape> second;
      // Opening the FIFO returns once the first scrape's read has opened it: that read is in
      // flight, waiting for pmxcfs, until this writes .members.
      try (OutputStream pmxcfs = Files.newOutputStream(members)) {
        second =
            CompletableFuture.supplyAsync(
                () -> scraper.scrape(Deadline.in(Duration.ofSeconds(20))), prometheus);
        Awaitility.await()
            .atMost(10, TimeUnit.SECONDS)
            .until(() -> collector.localReader().thread().queued() == 1 || second.isDone());
        assertThat(second)
            .as(
                "the second scrape waits for the read in flight: %s",
                second.isDone() ? pveOutcome(second.join()) : "")
            .isNotDone();
        pmxcfs.write(fixture("pve-members-2n-healthy").getBytes(StandardCharsets.UTF_8));
      }
      NodeScrape firstScrape = first.get(20, TimeUnit.SECONDS);
      // The first read has closed the FIFO; the second opens it next.
      Files.writeString(members, fixture("pve-members-2n-healthy"));
      NodeScrape secondScrape = second.get(20, TimeUnit.SECONDS);

      String golden = Files.readString(GOLDEN.resolve("pve-healthy.prom"));
      for (NodeScrape s : List.of(firstScrape, secondScrape)) {
        assertThat(pveOutcome(s).success()).as("%s", pveOutcome(s)).isTrue();
        assertThat(ScenarioGoldenTest.expose(withoutOwnSeries(s)))
            .as("the local read of the same files says what the remote one does")
            .isEqualTo(golden);
      }
      assertThat(collector.localReader().thread().callsRun()).isEqualTo(2);
    } finally {
      prometheus.shutdownNow();
    }
  }

  /**
   * A read that never returns (a hung pmxcfs: nobody writes the FIFO) costs the scrape that started
   * it the /etc/pve parts only: the collector still answers, in time, with the watchdog marker, the
   * /etc/pve parts at 0, this node's LRM state unknown and since when the reader is blocked. Every
   * later scrape says so at once, and none starts another reader thread. When the read returns, the
   * next scrape reads the fixed file and the blocked series goes away.
   */
  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aFrozenReadCostsOnlyTheEtcPvePartsAndNeverAddsAReader(@TempDir Path root) throws Exception {
    Path members = healthyEtcPveWithMembersAsFifo(root);
    Files.createDirectories(root.resolve("run/watchdog-mux.active"));
    PveCollector collector = new PveCollector(at(RECORDED + 7), root, Duration.ofMillis(100));
    long readersBefore = readerThreads();
    try (LocalCommandRunner runner = new LocalCommandRunner();
        NodeScraper scraper = localScraper(runner, collector)) {
      long start = System.nanoTime();
      NodeScrape first = scraper.scrape(Deadline.in(Duration.ofMillis(600)));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
      assertBlocked(first);

      for (int i = 0; i < 10; i++) {
        long t = System.nanoTime();
        NodeScrape later = scraper.scrape(Deadline.in(Duration.ofSeconds(5)));
        assertThat(Duration.ofNanos(System.nanoTime() - t))
            .as("scrape %d answers fast", i + 2)
            .isLessThan(Duration.ofSeconds(1));
        assertBlocked(later);
        assertThat(readerThreads()).as("reader threads").isEqualTo(readersBefore + 1);
      }

      // pmxcfs thaws: the stuck read returns, and the next scrape reads on the same thread.
      Files.writeString(members, fixture("pve-members-2n-healthy"));
      Awaitility.await()
          .atMost(10, TimeUnit.SECONDS)
          .until(() -> !collector.localReader().thread().busy());
      Files.delete(members);
      write(root, "etc/pve/.members", fixture("pve-members-2n-healthy"));
      NodeScrape thawed = scraper.scrape(Deadline.in(Duration.ofSeconds(5)));
      assertThat(pveOutcome(thawed).success()).isTrue();
      assertThat(value(thawed, PveCollector.READER_BLOCKED_SINCE)).isEmpty();
      assertThat(value(thawed, PveCollector.READ_SUCCESS, "members")).contains(1.0);
      assertThat(value(thawed, PveCollector.PMXCFS_QUORATE)).contains(1.0);
      assertThat(readerThreads()).isEqualTo(readersBefore + 1);
    }
  }

  private static void assertBlocked(NodeScrape s) {
    assertThat(pveOutcome(s).success()).as("%s", pveOutcome(s)).isTrue();
    assertThat(value(s, PveCollector.WATCHDOG_ARMED)).contains(1.0);
    assertThat(value(s, PveCollector.READ_SUCCESS, "watchdog")).contains(1.0);
    for (String part : List.of("members", "writable", "manager_status", "lrm_status")) {
      assertThat(value(s, PveCollector.READ_SUCCESS, part)).as(part).contains(0.0);
    }
    assertThat(value(s, PveCollector.PMXCFS_QUORATE)).isEmpty();
    // This node's name from the folder's .members is unknown on the first scrape (nothing read
    // yet, no corosync here): no own series then, as the test's exporter has no name for it.
    assertThat(value(s, PveCollector.READER_BLOCKED_SINCE)).contains((double) (RECORDED + 7));
  }

  /** The value of the one series of {@code metric} with these label values (after node_name). */
  static Optional<Double> value(NodeScrape s, MetricDef metric, String... labels) {
    return s.samples().stream()
        .filter(x -> x.metric().equals(metric) && x.labelValues().equals(List.of(labels)))
        .map(Sample::value)
        .findFirst();
  }

  private static Path write(Path root, String path, String text) throws IOException {
    Path p = root.resolve(path);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, text);
  }

  /** .members only; nothing else exists. */
  private record FakeSource(String members) implements PveFiles.Source {
    @Override
    public Optional<String> read(String path) {
      return path.equals("/etc/pve/.members") ? Optional.of(members) : Optional.empty();
    }

    @Override
    public boolean exists(String path) {
      return false;
    }

    @Override
    public Optional<Boolean> ownerWritable(String path) {
      return Optional.empty();
    }

    @Override
    public boolean notProxmox() {
      return false;
    }
  }
}
