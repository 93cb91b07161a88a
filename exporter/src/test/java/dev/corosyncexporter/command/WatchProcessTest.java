package dev.corosyncexporter.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The configuration watcher's process, with real processes: it ends, and ends everything, in
 * bounded time.
 */
class WatchProcessTest {
  /** SIGTERM grace, kill, reap: what close() may take, with room for a loaded machine. */
  private static final long CLOSE_BOUND_MILLIS = WatchProcess.TERM_GRACE_MILLIS + 4000;

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final CountDownLatch firstLine = new CountDownLatch(1);
  private final CountDownLatch exited = new CountDownLatch(1);
  private final AtomicInteger exits = new AtomicInteger();

  private WatchProcess start(List<String> argv) throws Exception {
    return WatchProcess.start(
        argv,
        line -> {
          lines.add(line);
          firstLine.countDown();
        },
        () -> {
          exits.incrementAndGet();
          exited.countDown();
        });
  }

  @Test
  void everyLineIsHandedOverAndTheEndReportedOnce() throws Exception {
    try (WatchProcess w = start(List.of("sh", "-c", "printf 'one\\ntwo\\nlast without newline'"))) {
      assertThat(exited.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(lines).containsExactly("one", "two", "last without newline");
      assertThat(w.isAlive()).isFalse();
    }
    assertThat(exits).hasValue(1);
  }

  @Test
  void aLineOfTheLimitIsKeptALongerOneEndsTheWatch() throws Exception {
    String limit = "x".repeat(WatchProcess.MAX_LINE_BYTES);
    List<String> got = new ArrayList<>();
    assertThat(
            WatchProcess.readLines(
                new ByteArrayInputStream((limit + "\nnext\n").getBytes(StandardCharsets.UTF_8)),
                got::add))
        .isTrue();
    assertThat(got).containsExactly(limit, "next");
    got.clear();
    assertThat(
            WatchProcess.readLines(
                new ByteArrayInputStream(("ok\n" + limit + "y\n").getBytes(StandardCharsets.UTF_8)),
                got::add))
        .isFalse();
    assertThat(got).containsExactly("ok");
  }

  @Test
  void anEndlessLineEndsTheWatchAndEverythingItStarted() throws Exception {
    String marker = HostileTools.newMarker();
    try (WatchProcess w = start(List.of(HostileTools.path("endless-line"), marker))) {
      assertThat(exited.await(20, TimeUnit.SECONDS)).as("the watch ended on its own").isTrue();
      assertThat(lines).containsExactly("Type \"q\" to finish");
      assertThat(w.isAlive()).isFalse();
    }
    assertThat(HostileTools.processesMarked(marker)).isEmpty();
    assertThat(Footprint.now().suspectThreads()).isEmpty();
  }

  /**
   * Directly, and the way the exporter runs it (scrape/WatchedConfigSource): timeout passes SIGTERM
   * on, the tool ignores it.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void closeEndsAWatcherThatIgnoresSigterm(boolean asTheExporterRunsIt) throws Exception {
    String marker = HostileTools.newMarker();
    WatchProcess w = start(argv(asTheExporterRunsIt, marker));
    assertThat(firstLine.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(HostileTools.processesMarked(marker)).isNotEmpty();

    long start = System.nanoTime();
    w.close();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
        .isLessThan(CLOSE_BOUND_MILLIS);
    assertThat(w.isAlive()).isFalse();
    assertThat(exited.await(1, TimeUnit.SECONDS)).as("the owner is told").isTrue();
    assertThat(HostileTools.processesMarked(marker))
        .as("no orphan, with or without its time limit")
        .isEmpty();
    assertThat(Footprint.now().suspectThreads()).as("the reader has ended").isEmpty();
  }

  @Test
  void fiftyWatchersStartedAndClosedLeaveNothingBehind() throws Exception {
    String marker = HostileTools.newMarker();
    ExecutorService owners = Executors.newFixedThreadPool(4);
    cycle(owners, marker, 4); // warm up
    Footprint before = Footprint.now();
    cycle(owners, marker, 50);
    // Settled, not sampled: on a loaded machine the JDK's reaper can still be handing over a pipe
    // of the last run for a moment; a leaked reader or reaper is still there 2 s later.
    Footprint after = Footprint.settledTo(before, Duration.ofSeconds(2));
    owners.shutdown();
    List<Long> left = HostileTools.processesMarked(marker);
    System.out.printf(
        "watcher (timeout 300 stdbuf -oL, ignores SIGTERM) x50: %s, processes left: %d%n",
        after.since(before), left.size());
    after.assertNothingLeftSince(before, 0);
    assertThat(after.descendants()).as("child processes").isZero();
    assertThat(left).isEmpty();
  }

  private static void cycle(ExecutorService owners, String marker, int watchers) throws Exception {
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < watchers; i++) {
      done.add(
          owners.submit(
              () -> {
                CountDownLatch ready = new CountDownLatch(1);
                WatchProcess w =
                    WatchProcess.start(argv(true, marker), line -> ready.countDown(), () -> {});
                assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
                w.close();
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get(2, TimeUnit.MINUTES);
    }
  }

  private static List<String> argv(boolean asTheExporterRunsIt, String marker) {
    String tool = HostileTools.path("ignores-sigterm");
    return asTheExporterRunsIt
        ? List.of("/usr/bin/timeout", "300", "/usr/bin/stdbuf", "-oL", tool, marker)
        : List.of(tool, marker);
  }
}
