package dev.corosyncexporter.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corosyncexporter.concurrent.Deadline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
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
  /** The lab's HA files were written at this second (manager_status's timestamp). */
  private static final long RECORDED = 1796221095L;

  private static final long HANDWRITTEN = 1796220000L;

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
        Arguments.of("pve-not-clustered", pve("older/pve-members-not-clustered"), HANDWRITTEN + 30),
        // A plain corosync node asked over SSH: no .members, and no /etc/pve (test -d exits 1,
        // as the recorded test -e of a missing flag does).
        Arguments.of(
            "pve-plain-corosync-node",
            pve("pve-members-no-pmxcfs").with("test -d /etc/pve", "pve-watchdog-not-armed"),
            RECORDED),
        Arguments.of(
            "pve-pmxcfs-not-running",
            pve("pve-members-no-pmxcfs").with("test -d /etc/pve", "pve-etc-pve-dir"),
            RECORDED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void exposition(String scenario, ReplayCommandRunner runner, long now) throws IOException {
    PveCollector collector = new PveCollector(at(now), Path.of("/"));
    Golden.assertMatches(
        scenario,
        Golden.exposition(
            runner,
            List.of(
                new CollectorSelection.Enabled(new PveCollector.Definition().spec(), collector))));
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
  void aHostileMemberNameNeverBecomesAPath() {
    PveCollector.Source source =
        new FakeSource(
            "{\"nodename\": \"n\", \"version\": 1, \"cluster\": {\"name\": \"c\", \"version\": 1,"
                + " \"nodes\": 1, \"quorate\": 1}, \"nodelist\": {\"../../priv\": {\"id\": 1,"
                + " \"online\": 1}}}");
    assertThatThrownBy(() -> PveCollector.readAll(source))
        .isInstanceOf(CollectionException.class)
        .hasMessageContaining("not a host name");
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
    write(root, "run/watchdog-mux.active", "");
    PveCollector.Read read = PveCollector.readAll(new PveCollector.LocalSource(root)).orElseThrow();
    assertThat(read.cluster().quorate()).isFalse();
    assertThat(read.writable()).contains(false);
    assertThat(read.lrm()).containsOnlyKeys("node2");
    assertThat(read.manager()).isEmpty();
    assertThat(read.watchdogArmed()).isTrue();
    Files.delete(root.resolve("etc/pve/.members"));
    assertThatThrownBy(() -> PveCollector.readAll(new PveCollector.LocalSource(root)))
        .hasMessageContaining("pmxcfs not running");
  }

  /**
   * A read that never returns (a hung FUSE daemon) costs the scrape that started it its deadline
   * only, and every later scrape fails at once instead of starting another reader.
   */
  @Test
  void aStuckReadBlocksNoLaterScrapeAndStartsNoSecondReader() throws Exception {
    BlockingReader reader = new BlockingReader("/etc/pve");
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Thread> readerThread = new CompletableFuture<>();
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                reader.read(
                    () -> {
                      readerThread.complete(Thread.currentThread());
                      release.await();
                      return "late";
                    },
                    Deadline.in(Duration.ofMillis(300))))
        .hasMessageContaining("did not finish by the scrape deadline");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    for (int i = 0; i < 10; i++) {
      long t = System.nanoTime();
      assertThatThrownBy(() -> reader.read(() -> "x", Deadline.in(Duration.ofSeconds(5))))
          .hasMessageContaining("still blocked since");
      assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(2));
    }
    release.countDown();
    Thread first = readerThread.get();
    for (int i = 0; i < 250 && reader.busySince().isPresent(); i++) {
      Thread.sleep(20); // the stuck job is returning
    }
    assertThat(reader.busySince()).as("the released read has returned").isEmpty();
    List<Thread> seen = new java.util.ArrayList<>();
    assertThat(
            reader.read(
                () -> {
                  seen.add(Thread.currentThread());
                  return "ok";
                },
                Deadline.in(Duration.ofSeconds(5))))
        .isEqualTo("ok");
    assertThat(seen).containsExactly(first);
  }

  private static Path write(Path root, String path, String text) throws IOException {
    Path p = root.resolve(path);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, text);
  }

  /** .members only; nothing else exists. */
  private record FakeSource(String members) implements PveCollector.Source {
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
