package dev.corosyncexporter.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.corosyncexporter.command.CommandResult.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real runner against fake tools that misbehave in every way seen so far (real processes, see
 * src/test/resources/hostile-tools). Each runs 50 times, four at once as the collectors of a scrape
 * do: every run ends within its deadline (plus a bound that only proves "not hung"), with the
 * outcome it deserves, and afterwards the JVM has no more threads, file descriptors or children
 * than before, and no process the tool started is alive.
 */
class HostileToolsTest {
  /** For the tools that hang: short, as 50 runs wait for it. */
  private static final Duration DEADLINE = Duration.ofMillis(500);

  /**
   * For the tools that end on their own (or by the output cap): long enough for that on a loaded
   * machine, so that what ends the run is the tool's end, the cap or the leftover kill, not the
   * deadline.
   */
  private static final Duration LONG_DEADLINE = Duration.ofSeconds(10);

  /** Generous: killing, reaping and a /proc scan on a loaded two-core machine. */
  private static final Duration MARGIN = Duration.ofSeconds(2);

  private static final int RUNS = 50;
  private static final int AT_ONCE = 4;
  private static final String OVER_CAP =
      "output exceeded " + LocalCommandRunner.MAX_STDOUT_BYTES + " bytes";

  private final LocalCommandRunner runner = new LocalCommandRunner();

  @AfterEach
  void closeRunner() {
    runner.close();
  }

  static Stream<Arguments> tools() {
    return Stream.of(
        tool("endless-output", LONG_DEADLINE, r -> assertFailed(r, OVER_CAP)),
        tool("huge-output", LONG_DEADLINE, r -> assertFailed(r, OVER_CAP)),
        tool("member-lines", LONG_DEADLINE, r -> assertFailed(r, OVER_CAP)),
        tool(
            "binary-output",
            LONG_DEADLINE,
            r -> {
              assertThat(r.exitedWith(0)).as(r.describe()).isTrue();
              assertThat(r.stdout()).isNotEmpty();
              assertThat(r.describe())
                  .contains("exited 0: \\x1b[2J\\x1b]0;owned\\x07\\x01\\x02 forged");
            }),
        tool(
            "huge-stderr-line",
            LONG_DEADLINE,
            r -> {
              assertThat(r.exitedWith(1)).as(r.describe()).isTrue();
              assertThat(r.stderr()).hasSize(LocalCommandRunner.MAX_STDERR_BYTES);
              assertThat(r.describe()).endsWith(": " + "E".repeat(ToolText.MAX_CHARS) + "…");
            }),
        tool("sleeping", r -> assertThat(r.outcome()).isEqualTo(Outcome.TIMED_OUT)),
        tool("ignores-sigterm", r -> assertThat(r.outcome()).isEqualTo(Outcome.TIMED_OUT)),
        // The tool itself ended well: its answer counts, what it left holding the output is killed.
        tool(
            "setsid-grandchild",
            LONG_DEADLINE,
            r -> {
              assertThat(r.exitedWith(0)).as(r.describe()).isTrue();
              assertThat(r.stdout()).isEqualTo("done\n");
            }),
        tool(
            "escaping-grandchild",
            LONG_DEADLINE,
            r -> {
              assertThat(r.exitedWith(0)).as(r.describe()).isTrue();
              assertThat(r.stdout()).isEqualTo("done\n");
            }));
  }

  private static Arguments tool(String name, Consumer<CommandResult> check) {
    return tool(name, DEADLINE, check);
  }

  private static Arguments tool(String name, Duration deadline, Consumer<CommandResult> check) {
    return Arguments.of(name, deadline, check);
  }

  private static void assertFailed(CommandResult r, String error) {
    assertThat(r.outcome()).as(r.describe()).isEqualTo(Outcome.FAILED);
    assertThat(r.error()).isEqualTo(error);
    assertThat(r.stdout()).as("no partial output to parse").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tools")
  void endsInTimeAndLeavesNothingBehind(
      String name, Duration deadline, Consumer<CommandResult> check) throws Exception {
    String marker = HostileTools.newMarker();
    List<String> argv = List.of(HostileTools.path(name), marker);
    ExecutorService scrapes = Executors.newFixedThreadPool(AT_ONCE);
    // Warm up: classes loaded, the JDK's process reaper threads started, as in a running exporter.
    runner.run(argv, deadline);
    for (Future<?> f :
        scrapes.invokeAll(
            List.of(
                () -> runner.run(List.of("sleep", "0.2"), DEADLINE),
                    () -> runner.run(List.of("sleep", "0.2"), DEADLINE),
                () -> runner.run(List.of("sleep", "0.2"), DEADLINE),
                    () -> runner.run(List.of("sleep", "0.2"), DEADLINE)))) {
      f.get();
    }
    Footprint before = Footprint.now();

    List<Future<CommandResult>> runs = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      runs.add(scrapes.submit(() -> runner.run(argv, deadline)));
    }
    for (Future<CommandResult> run : runs) {
      CommandResult r = run.get(5, TimeUnit.MINUTES);
      assertThat(r.duration()).as(r.describe()).isLessThan(deadline.plus(MARGIN));
      assertThat(r.describe().length())
          .as("a bounded log line")
          .isLessThan(argv.toString().length() + 250);
      assertThat(r.describe())
          .as("no control characters in a log line")
          .doesNotContainPattern("[\\p{Cntrl}]");
      check.accept(r);
    }
    // Settled, not sampled: on a loaded machine the JDK's reaper can still be handing over a pipe
    // of the last run for a moment; a leaked reader or reaper is still there 2 s later.
    Footprint after = Footprint.settledTo(before, Duration.ofSeconds(2));
    scrapes.shutdown();
    assertThat(scrapes.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    List<Long> left = HostileTools.processesMarked(marker);
    System.out.printf(
        "%s x%d: %s, processes of the tool left: %d%n",
        name, RUNS, after.since(before), left.size());
    after.assertNothingLeftSince(before, 0);
    assertThat(after.descendants()).as("child processes").isZero();
    assertThat(left).as("processes the tool started").isEmpty();
  }

  @Test
  void closingTheRunnerKillsADaemonAToolLeft() throws Exception {
    String marker = HostileTools.newMarker();
    LocalCommandRunner own = new LocalCommandRunner();
    CommandResult r = own.run(List.of(HostileTools.path("detached-daemon"), marker), LONG_DEADLINE);
    assertThat(r.exitedWith(0)).as(r.describe()).isTrue();
    // Nothing holds the output, so the run cannot tell; the runner's cookie still finds it. The
    // daemon may still be between fork and exec (its environment unreadable for that instant).
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> HostileTools.processesMarked(marker).size() == 1);
    assertThat(HostileTools.processesMarked(marker)).hasSize(1);
    runner.run(List.of("true"), DEADLINE); // another runner's close() leaves it alone ...
    runner.close();
    assertThat(HostileTools.processesMarked(marker)).hasSize(1);
    own.close(); // ... its own kills it
    assertThat(HostileTools.processesMarked(marker)).isEmpty();
  }
}
