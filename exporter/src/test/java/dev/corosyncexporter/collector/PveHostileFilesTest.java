package dev.corosyncexporter.collector;

import static dev.corosyncexporter.collector.PveCollectorTest.at;
import static dev.corosyncexporter.collector.PveCollectorTest.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.corosyncexporter.command.CommandRunner;
import dev.corosyncexporter.command.LocalCommandRunner;
import dev.corosyncexporter.concurrent.Deadline;
import dev.corosyncexporter.scrape.NodeScrape;
import dev.corosyncexporter.scrape.NodeScraper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile or broken /etc/pve, as real files in a folder laid out like /, read by the collector as
 * local mode reads them: each bad file costs only its own part. The watchdog marker and (where
 * .members is not the bad file) pmxcfs's series stay, the bad part says 0, the reason is logged
 * once however many scrapes see it, escaped and bounded, and the rest is exactly what the files
 * say.
 */
class PveHostileFilesTest {
  private static final ExecutorService POOL = Executors.newFixedThreadPool(4);

  /** The lab's HA files were written at this second. */
  private static final long RECORDED = 1796676515L;

  private static final String NODE2_LRM = "etc/pve/nodes/node2/lrm_status";
  private static final String MANAGER = "etc/pve/ha/manager_status";
  private static final String MEMBERS = "etc/pve/.members";

  @TempDir Path root;
  private final List<String> log = new CopyOnWriteArrayList<>();

  @AfterAll
  static void stop() {
    POOL.shutdownNow();
  }

  /** The lab's healthy two-node cluster seen from node1, its LRM active, node2's marker present. */
  @BeforeEach
  void healthyNode() throws IOException {
    write(MEMBERS, fixture("pve-members-2n-healthy"));
    write("etc/pve/nodes/node1/lrm_status", fixture("pve-lrm-status-active"));
    write(NODE2_LRM, fixture("pve-lrm-status-node2"));
    write(MANAGER, fixture("pve-manager-status-2n-healthy"));
    Path conf = write("etc/pve/corosync.conf", "totem {}\n");
    Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r-----"));
    // watchdog-mux makes a directory (mkdir), not a file.
    Files.createDirectories(root.resolve("run/watchdog-mux.active"));
  }

  private PveCollector collector(Duration stuckAfter) {
    return new PveCollector(at(RECORDED + 7), root, stuckAfter, new PartLog(log::add, log::add));
  }

  private NodeScrape scrape(NodeScraper scraper) {
    return scraper.scrape(Deadline.in(Duration.ofSeconds(5)));
  }

  /**
   * Three scrapes of the same files: the collector's answer, and what the log said meanwhile. And
   * central mode's answer, from the SSH wrapper's pve_read run for real on the same files, is the
   * same series for series.
   */
  private NodeScrape scrapeThrice() throws Exception {
    NodeScrape third;
    try (LocalCommandRunner runner = new LocalCommandRunner();
        NodeScraper scraper = scraper(runner, collector(PveLocalReader.STUCK_AFTER))) {
      NodeScrape first = scrape(scraper);
      scrape(scraper);
      third = scrape(scraper);
      assertThat(expose(third)).as("every scrape says the same").isEqualTo(expose(first));
    }
    PveCollector central =
        new PveCollector(
            at(RECORDED + 7), root, PveLocalReader.STUCK_AFTER, new PartLog(l -> {}, l -> {}));
    try (NodeScraper overSsh = scraper(PveReadHelper.runner(root, "ssh://node1"), central)) {
      scrape(overSsh);
      assertThat(expose(scrape(overSsh)))
          .as("over SSH, from the wrapper's pve_read, as locally")
          .isEqualTo(expose(third));
    }
    return third;
  }

  private static NodeScraper scraper(CommandRunner runner, PveCollector collector) {
    return TestCollectors.scraper(
        runner,
        false,
        List.of(new CollectorSelection.Enabled(new PveCollector.Definition().spec(), collector)),
        POOL);
  }

  private static String expose(NodeScrape s) {
    return s.samples().stream()
        .filter(x -> !x.metric().name().startsWith("corosync_exporter_"))
        .map(x -> x.metric().name() + x.labelValues() + "=" + x.value())
        .sorted()
        .toList()
        .toString();
  }

  /** The series that never depend on a bad HA file, and the collector still a success. */
  private static void assertPmxcfsAndWatchdogStay(NodeScrape s) {
    assertThat(s.outcomes()).allSatisfy(o -> assertThat(o.success()).as("%s", o).isTrue());
    assertThat(value(s, PveCollector.WATCHDOG_ARMED)).contains(1.0);
    assertThat(value(s, PveCollector.PMXCFS_QUORATE)).contains(1.0);
    assertThat(value(s, PveCollector.PMXCFS_WRITABLE)).contains(1.0);
    for (String part : List.of("members", "writable", "watchdog")) {
      assertThat(value(s, PveCollector.READ_SUCCESS, part)).as(part).contains(1.0);
    }
  }

  /** Exactly one log line, with {@code reason} in it, escaped and of bounded length. */
  private void assertLoggedOnce(String part, String reason) {
    assertThat(log).as("logged once, not per scrape").hasSize(1);
    String line = log.get(0);
    assertThat(line).contains(part + " not read: ").contains(reason);
    assertThat(line.chars().filter(c -> c < 0x20 || c == 0x7f))
        .as("no control character in %s", line)
        .isEmpty();
    assertThat(line.length()).isLessThan(800);
  }

  @Test
  void anotherNodesBadLrmStatusCostsOnlyThatNodesLrmState() throws Exception {
    write(NODE2_LRM, "{\"timestamp\": 1796676515, \"state\": 1, \"mode\": \"active\"}");
    NodeScrape s = scrapeThrice();
    assertPmxcfsAndWatchdogStay(s);
    assertThat(value(s, PveCollector.MEMBER_ONLINE, "2", "node2")).contains(1.0);
    assertThat(value(s, PveCollector.READ_SUCCESS, "lrm_status")).contains(0.0);
    assertThat(value(s, PveCollector.READ_SUCCESS, "manager_status")).contains(1.0);
    assertThat(value(s, PveCollector.LRM_STATUS_READ_SUCCESS, "node2")).contains(0.0);
    assertThat(value(s, PveCollector.LRM_STATUS_READ_SUCCESS, "node1")).contains(1.0);
    assertThat(value(s, PveCollector.LRM_STATE, "node1", "active")).contains(1.0);
    assertThat(value(s, PveCollector.LRM_STATE, "node2", "active")).isEmpty();
    assertThat(value(s, PveCollector.MASTER_INFO, "node1")).contains(1.0);
    assertLoggedOnce("lrm_status of node2", "\"state\" is not a string");
  }

  @Test
  void anEmptyObjectAsAnotherNodesLrmStatusIsRefused() throws Exception {
    write(NODE2_LRM, "{}");
    NodeScrape s = scrapeThrice();
    assertPmxcfsAndWatchdogStay(s);
    assertThat(value(s, PveCollector.LRM_STATUS_READ_SUCCESS, "node2")).contains(0.0);
    assertLoggedOnce("lrm_status of node2", "\"state\" missing");
  }

  /** A hand-reset HA state, as upstream's readers take it: no master, nothing from it, no fault. */
  @Test
  void anEmptyOrBlankObjectManagerStatusIsNoMaster() throws Exception {
    for (String text : List.of("{}", "")) {
      write(MANAGER, text);
      NodeScrape s = scrapeThrice();
      assertPmxcfsAndWatchdogStay(s);
      assertThat(value(s, PveCollector.READ_SUCCESS, "manager_status")).contains(1.0);
      assertThat(s.samples().stream().map(x -> x.metric().name()))
          .noneMatch(n -> n.startsWith("corosync_pve_ha_") && !n.contains("lrm"));
      assertThat(log).isEmpty();
    }
  }

  @Test
  void aTornManagerStatusCostsOnlyItsOwnSeries() throws Exception {
    String text = fixture("pve-manager-status-2n-healthy");
    write(MANAGER, text + text.substring(0, 20));
    NodeScrape s = scrapeThrice();
    assertPmxcfsAndWatchdogStay(s);
    assertThat(value(s, PveCollector.READ_SUCCESS, "manager_status")).contains(0.0);
    assertThat(value(s, PveCollector.READ_SUCCESS, "lrm_status")).contains(1.0);
    assertThat(value(s, PveCollector.MASTER_INFO, "node1")).isEmpty();
    assertLoggedOnce("manager_status", "not JSON");
  }

  @Test
  void devZeroBehindALinkIsReadOnlyToPmxcfssLimit() throws Exception {
    Files.delete(root.resolve(MANAGER));
    Files.createSymbolicLink(root.resolve(MANAGER), Path.of("/dev/zero"));
    NodeScrape s = scrapeThrice();
    assertPmxcfsAndWatchdogStay(s);
    assertThat(value(s, PveCollector.READ_SUCCESS, "manager_status")).contains(0.0);
    assertLoggedOnce("manager_status", "is larger than pmxcfs allows (1048576 bytes)");
  }

  @Test
  void aSparseGibibyteIsReadOnlyToPmxcfssLimit() throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(root.resolve(NODE2_LRM).toFile(), "rw")) {
      f.setLength(1L << 30);
    }
    NodeScrape s = scrapeThrice();
    assertPmxcfsAndWatchdogStay(s);
    assertThat(value(s, PveCollector.LRM_STATUS_READ_SUCCESS, "node2")).contains(0.0);
    assertLoggedOnce("lrm_status of node2", "is larger than pmxcfs allows");
  }

  @Test
  void controlCharactersInStatesAndNamesNeverReachALabelOrTheLogRaw() throws Exception {
    write(
        NODE2_LRM,
        "{\"timestamp\": 1796676515, \"state\": \"act\\u001b[2Jive\", \"mode\": \"a\\u0000\"}");
    write(
        MANAGER,
        "{\"master_node\": \"node1\", \"node_status\": {\"node1\\nFORGED log line\": \"online\"},"
            + " \"timestamp\": 1796676515}");
    NodeScrape s = scrapeThrice();
    assertPmxcfsAndWatchdogStay(s);
    assertThat(value(s, PveCollector.READ_SUCCESS, "manager_status")).contains(0.0);
    assertThat(value(s, PveCollector.LRM_STATUS_READ_SUCCESS, "node2")).contains(0.0);
    assertThat(s.samples())
        .flatMap(x -> x.labelValues())
        .allSatisfy(v -> assertThat(v.chars().filter(c -> c < 0x20)).as(v).isEmpty());
    assertThat(log).hasSize(2);
    assertThat(log)
        .allSatisfy(l -> assertThat(l.chars().filter(c -> c < 0x20 || c == 0x7f)).isEmpty());
    assertThat(String.join("\n", log)).contains("\\x1b").contains("node1\\nFORGED");
  }

  @Test
  void aMemberNameWithANewlineFailsMembersButNotTheWatchdog() throws Exception {
    String members = fixture("pve-members-2n-healthy");
    try (LocalCommandRunner runner = new LocalCommandRunner();
        NodeScraper scraper = scraper(runner, collector(PveLocalReader.STUCK_AFTER))) {
      scrape(scraper); // .members good: the collector learns this node's name
      write(MEMBERS, members.replace("\"node2\": {", "\"node2\\n" + "x".repeat(10_000) + "\": {"));
      NodeScrape s = scrape(scraper);
      scrape(scraper);
      assertThat(value(s, PveCollector.WATCHDOG_ARMED)).contains(1.0);
      assertThat(value(s, PveCollector.READ_SUCCESS, "members")).contains(0.0);
      assertThat(value(s, PveCollector.PMXCFS_QUORATE)).isEmpty();
      // This node's own LRM is still looked for, by the name .members gave it last.
      assertThat(value(s, PveCollector.LRM_STATE, "node1", "active")).contains(1.0);
      assertThat(value(s, PveCollector.LRM_STATE, "node2", "active")).isEmpty();
      assertLoggedOnce("members", "is not a node name");
    }
  }

  @Test
  void impossibleMemberIdsAreRefused() throws Exception {
    String members = fixture("pve-members-2n-healthy");
    for (String bad : List.of("\"id\": -5", "\"id\": 0", "\"id\": 4294967296", "\"id\": 1")) {
      write(MEMBERS, members.replace("\"id\": 2", bad));
      log.clear();
      NodeScrape s = scrapeThrice();
      assertThat(value(s, PveCollector.WATCHDOG_ARMED)).contains(1.0);
      assertThat(value(s, PveCollector.READ_SUCCESS, "members")).as(bad).contains(0.0);
      assertThat(value(s, PveCollector.MEMBER_ONLINE, "1", "node1")).isEmpty();
      assertThat(value(s, PveCollector.READ_SUCCESS, "manager_status")).contains(1.0);
      assertLoggedOnce("members", "id");
    }
  }

  @Test
  void aTimestampInTheFutureIsRefused() throws Exception {
    // Within the clock skew allowed: read, its age negative by the skew.
    write(NODE2_LRM, "{\"timestamp\": 1796676822, \"state\": \"active\", \"mode\": \"active\"}");
    NodeScrape skewed = scrapeThrice();
    assertThat(value(skewed, PveCollector.LRM_STATUS_AGE, "node2")).contains(-300.0);
    assertThat(log).isEmpty();
    write(NODE2_LRM, "{\"timestamp\": 9999999999, \"state\": \"active\", \"mode\": \"active\"}");
    NodeScrape s = scrapeThrice();
    assertPmxcfsAndWatchdogStay(s);
    assertThat(value(s, PveCollector.LRM_STATUS_READ_SUCCESS, "node2")).contains(0.0);
    assertThat(value(s, PveCollector.LRM_STATUS_AGE, "node2")).isEmpty();
    assertLoggedOnce("lrm_status of node2", "s in the future");
  }

  @Test
  void anLrmStatusWithoutTimestampHasAStateAndNoAge() throws Exception {
    write(NODE2_LRM, "{\"state\": \"active\", \"mode\": \"active\"}");
    NodeScrape s = scrapeThrice();
    assertThat(value(s, PveCollector.LRM_STATUS_READ_SUCCESS, "node2")).contains(1.0);
    assertThat(value(s, PveCollector.LRM_STATE, "node2", "active")).contains(1.0);
    assertThat(value(s, PveCollector.LRM_STATUS_AGE, "node2")).isEmpty();
    assertThat(log).isEmpty();
  }

  /** A nodelist entry without name: pmxcfs names the member by its ring0_addr. */
  @Test
  void aMemberNamedByItsAddressIsShownButItsLrmStatusIsNotLookedFor() throws Exception {
    write(MEMBERS, fixture("pve-members-2n-healthy").replace("\"node2\": {", "\"192.0.2.12\": {"));
    NodeScrape s = scrapeThrice();
    assertPmxcfsAndWatchdogStay(s);
    assertThat(value(s, PveCollector.MEMBER_ONLINE, "2", "192.0.2.12")).contains(1.0);
    assertThat(value(s, PveCollector.LRM_STATUS_READ_SUCCESS, "192.0.2.12")).isEmpty();
    assertThat(value(s, PveCollector.READ_SUCCESS, "lrm_status")).contains(1.0);
    assertThat(log).hasSize(1);
    assertThat(log.get(0))
        .contains("lrm_status of 192.0.2.12 not read: not looked for: member name is not a host");
  }

  /**
   * A FIFO that never delivers blocks the guarded reader only: the collector answers in time with
   * the marker, the /etc/pve parts 0, this node's LRM state unknown and since when; once the read
   * returns and the file is fixed, everything is back and the log says so once.
   */
  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aFifoThatNeverDeliversBlocksOnlyTheEtcPveParts() throws Exception {
    PveCollector collector = collector(Duration.ofMillis(100));
    try (LocalCommandRunner runner = new LocalCommandRunner();
        NodeScraper scraper = scraper(runner, collector)) {
      scrape(scraper); // healthy: this node is node1
      Path lrm = root.resolve(NODE2_LRM);
      Files.delete(lrm);
      Process mkfifo = new ProcessBuilder("mkfifo", lrm.toString()).inheritIO().start();
      assertThat(mkfifo.waitFor()).as("mkfifo").isZero();
      for (int i = 0; i < 3; i++) {
        long start = System.nanoTime();
        NodeScrape s = scraper.scrape(Deadline.in(Duration.ofSeconds(2)));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(s.outcomes()).allSatisfy(o -> assertThat(o.success()).isTrue());
        assertThat(value(s, PveCollector.WATCHDOG_ARMED)).contains(1.0);
        assertThat(value(s, PveCollector.READ_SUCCESS, "watchdog")).contains(1.0);
        for (String part : List.of("members", "writable", "manager_status", "lrm_status")) {
          assertThat(value(s, PveCollector.READ_SUCCESS, part)).as(part).contains(0.0);
        }
        assertThat(value(s, PveCollector.LRM_STATUS_READ_SUCCESS, "node1")).contains(0.0);
        assertThat(value(s, PveCollector.READER_BLOCKED_SINCE)).contains((double) RECORDED + 7);
      }
      // members, writable, manager_status and node1's lrm_status; the watchdog was read.
      assertThat(log).as("one line per part, once").hasSize(4);
      assertThat(log).allSatisfy(l -> assertThat(l).contains("blocked since"));

      // The writer comes and goes: the blocked read returns; the file is fixed.
      try (OutputStream w = Files.newOutputStream(lrm)) {
        w.write("x".getBytes(StandardCharsets.UTF_8));
      }
      Awaitility.await()
          .atMost(10, TimeUnit.SECONDS)
          .until(() -> !collector.localReader().thread().busy());
      Files.delete(lrm);
      write(NODE2_LRM, fixture("pve-lrm-status-node2"));
      log.clear();
      NodeScrape back = scrape(scraper);
      assertThat(value(back, PveCollector.READER_BLOCKED_SINCE)).isEmpty();
      assertPmxcfsAndWatchdogStay(back);
      assertThat(value(back, PveCollector.LRM_STATE, "node2", "active")).contains(1.0);
      assertThat(log).hasSize(4).allSatisfy(l -> assertThat(l).endsWith(" read again"));
    }
  }

  /**
   * The marker counts the same way locally and over SSH: {@code test -e} follows links, so a
   * dangling one is no marker, and so is it locally.
   */
  @Test
  void aDanglingLinkAsTheMarkerIsNoMarkerEitherWay() throws Exception {
    Path marker = root.resolve("run/watchdog-mux.active");
    Files.delete(marker);
    Files.createSymbolicLink(marker, root.resolve("run/gone"));
    assertThat(new PveFiles.LocalSource(root).exists(PveFiles.WATCHDOG_MARKER)).isFalse();
    Process test = new ProcessBuilder("/usr/bin/test", "-e", marker.toString()).start();
    assertThat(test.waitFor()).as("test -e of a dangling link").isEqualTo(1);
    NodeScrape s = scrapeThrice();
    assertThat(value(s, PveCollector.WATCHDOG_ARMED)).contains(0.0);
  }

  /**
   * Central mode judges a file as local mode does: the wrapper's pve_read, run for real on the same
   * folder, refuses a file past pmxcfs's limit with the same reason (and never sends more than one
   * byte past it), and its marker check follows links as the local check does: a dangling link is
   * no marker either way.
   */
  @Test
  void overSshAFileIsJudgedAsLocally() throws Exception {
    try (RandomAccessFile f = new RandomAccessFile(root.resolve(NODE2_LRM).toFile(), "rw")) {
      f.setLength(PveFiles.MAX_FILE_BYTES + 1);
    }
    Path marker = root.resolve("run/watchdog-mux.active");
    Files.delete(marker);
    Files.createSymbolicLink(marker, root.resolve("run/gone"));
    String path = "/" + NODE2_LRM;
    CollectorContext context =
        new CollectorContext(
            PveReadHelper.runner(root, "ssh://node1"),
            ToolPaths.DEFAULTS,
            Duration.ofSeconds(5),
            Deadline.in(Duration.ofSeconds(10)),
            CompletableFuture.failedFuture(new CollectionException("not read")),
            Optional.empty(),
            Optional.empty());
    PveFiles.Source remote = PveFiles.RemoteSource.ask(context, List.of("node1", "node2"));
    PveFiles.Source local = new PveFiles.LocalSource(root);
    String remoteWhy =
        assertThrows(CollectionException.class, () -> remote.read(path)).getMessage();
    String localWhy = assertThrows(CollectionException.class, () -> local.read(path)).getMessage();
    assertThat(remoteWhy).isEqualTo(localWhy).contains("larger than pmxcfs allows");
    assertThat(remote.exists(PveFiles.WATCHDOG_MARKER)).isFalse();
    assertThat(local.exists(PveFiles.WATCHDOG_MARKER)).isFalse();
  }

  /**
   * Over SSH a FIFO in place of a file costs only that file's part, at once: pve_read opens it
   * without blocking and refuses what is not a regular file. (Locally the guarded reader is what
   * keeps a FIFO from blocking the scrape, see above.)
   */
  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void overSshAFifoCostsOnlyItsOwnPartAtOnce() throws Exception {
    Path lrm = root.resolve(NODE2_LRM);
    Files.delete(lrm);
    Process mkfifo = new ProcessBuilder("mkfifo", lrm.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).as("mkfifo").isZero();
    PveCollector central = collector(PveLocalReader.STUCK_AFTER);
    try (NodeScraper overSsh = scraper(PveReadHelper.runner(root, "ssh://node1"), central)) {
      scrape(overSsh);
      NodeScrape s = scrape(overSsh);
      assertPmxcfsAndWatchdogStay(s);
      assertThat(value(s, PveCollector.READ_SUCCESS, "manager_status")).contains(1.0);
      assertThat(value(s, PveCollector.READ_SUCCESS, "lrm_status")).contains(0.0);
      assertThat(value(s, PveCollector.LRM_STATUS_READ_SUCCESS, "node2")).contains(0.0);
      assertThat(value(s, PveCollector.LRM_STATUS_READ_SUCCESS, "node1")).contains(1.0);
      assertThat(value(s, PveCollector.LRM_STATE, "node1", "active")).contains(1.0);
    }
    assertLoggedOnce("lrm_status of node2", NODE2_LRM + ": not a regular file");
  }

  /**
   * The heap stays bounded: a JVM with a 16 MiB heap reads /dev/zero behind a link and a sparse 1
   * GiB file as the collector does, and answers for both; reading them whole (as before the bound)
   * in the same JVM runs out of memory, so the check can fail.
   */
  @Test
  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void readingHostileFilesNeedsNoMoreHeapThanPmxcfssLimit() throws Exception {
    Files.delete(root.resolve(MANAGER));
    Files.createSymbolicLink(root.resolve(MANAGER), Path.of("/dev/zero"));
    try (RandomAccessFile f = new RandomAccessFile(root.resolve(NODE2_LRM).toFile(), "rw")) {
      f.setLength(1L << 30);
    }
    Forked bounded = readInSmallHeap("bounded", "/" + NODE2_LRM, "/" + MANAGER);
    assertThat(bounded.exit()).as(bounded.output()).isZero();
    assertThat(bounded.output())
        .contains(
            "/" + NODE2_LRM + " is larger than pmxcfs allows",
            "/" + MANAGER + " is larger than pmxcfs allows");
    Forked whole = readInSmallHeap("unbounded", "/" + NODE2_LRM);
    assertThat(whole.exit()).as(whole.output()).isNotZero();
    assertThat(whole.output()).contains("OutOfMemoryError");
  }

  private record Forked(int exit, String output) {}

  private Forked readInSmallHeap(String mode, String... paths) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx16m",
                "-cp",
                System.getProperty("java.class.path"),
                BoundedReadMain.class.getName(),
                root.toString(),
                mode));
    command.addAll(List.of(paths));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Forked(p.waitFor(), output);
  }

  private Path write(String path, String text) throws IOException {
    Path p = root.resolve(path);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, text);
  }

  private static String fixture(String name) {
    return ReplayCommandRunner.read(name + ".out");
  }
}
