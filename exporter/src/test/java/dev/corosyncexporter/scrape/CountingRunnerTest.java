package dev.corosyncexporter.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corosyncexporter.collector.ReplayCommandRunner;
import dev.corosyncexporter.collector.Sample;
import dev.corosyncexporter.collector.SampleSink;
import dev.corosyncexporter.command.CommandRunner;
import dev.corosyncexporter.command.LocalCommandRunner;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one decorator of a node's runner: what it forwards, counts and remembers. */
class CountingRunnerTest {
  private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

  /** A decorator that left a default method out would answer the interface's default instead. */
  @Test
  void overridesEveryMethodOfTheRunnerItWraps() {
    List<String> inherited = new ArrayList<>();
    for (Method m : CommandRunner.class.getMethods()) {
      try {
        CountingRunner.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
      } catch (NoSuchMethodException e) {
        inherited.add(m.getName());
      }
    }
    assertThat(inherited).as("methods CountingRunner does not forward").isEmpty();
  }

  @Test
  void forwardsWhereTheCommandsRun() {
    try (LocalCommandRunner local = new LocalCommandRunner()) {
      CountingRunner counting = new CountingRunner(local);
      assertThat(counting.onThisMachine()).isTrue();
      assertThat(counting.target()).isEqualTo(local.target());
    }
    CountingRunner replay = new CountingRunner(new ReplayCommandRunner());
    assertThat(replay.onThisMachine()).isFalse();
    assertThat(replay.target()).isEqualTo("replay");
  }

  @Test
  void forwardsAWatchWithoutCountingIt() {
    Set<List<String>> sent = new LinkedHashSet<>();
    CountingRunner counting = new CountingRunner(new ReplayCommandRunner().recordingInto(sent));
    long before = System.nanoTime();
    assertThatThrownBy(
            () ->
                counting.watch(List.of("corosync-cmapctl", "-T"), FIVE_SECONDS, l -> {}, () -> {}))
        .hasMessage("a replay runs nothing");
    assertThat(sent).containsExactly(List.of("corosync-cmapctl", "-T"));
    assertThat(runs(counting)).isEmpty();
    assertThat(counting.ranSince(before)).isFalse();
  }

  @Test
  void countsEachToolByHowItsRunsEnded() {
    try (LocalCommandRunner local = new LocalCommandRunner()) {
      CountingRunner counting = new CountingRunner(local);
      counting.run(List.of("/bin/true"), FIVE_SECONDS);
      counting.run(List.of("true"), FIVE_SECONDS);
      counting.run(List.of("/bin/false"), FIVE_SECONDS);
      counting.run(List.of("/nonexistent/corosync-quorumtool", "-p"), FIVE_SECONDS);
      counting.run(List.of("sleep", "10"), Duration.ofMillis(200));

      assertThat(runs(counting))
          .isEqualTo(
              Map.of(
                  "true exited", 2.0,
                  "false exited", 1.0,
                  "corosync-quorumtool not_found", 1.0,
                  "sleep timed_out", 1.0));
    }
  }

  /** "Reachable and commands ran": a command exited since then, whatever its exit code. */
  @Test
  void remembersWhenACommandLastExited() {
    try (LocalCommandRunner local = new LocalCommandRunner()) {
      CountingRunner counting = new CountingRunner(local);
      long start = System.nanoTime();
      assertThat(counting.ranSince(start)).as("nothing ran yet").isFalse();

      counting.run(List.of("/nonexistent/corosync-quorumtool"), FIVE_SECONDS);
      counting.run(List.of("sleep", "10"), Duration.ofMillis(200));
      assertThat(counting.ranSince(start)).as("not found and timed out do not count").isFalse();

      counting.run(List.of("/bin/false"), FIVE_SECONDS);
      assertThat(counting.ranSince(start)).as("exit 1 is an answer").isTrue();

      long later = System.nanoTime();
      assertThat(counting.ranSince(later)).as("nothing since").isFalse();
      counting.run(List.of("/bin/true"), FIVE_SECONDS);
      assertThat(counting.ranSince(later)).isTrue();
      assertThat(counting.ranSince(start)).isTrue();
    }
  }

  /** corosync_exporter_tool_runs_total as "tool outcome" → count. */
  private static Map<String, Double> runs(CountingRunner counting) {
    SampleSink sink = new SampleSink();
    counting.emit(sink);
    Map<String, Double> out = new HashMap<>();
    for (Sample s : sink.samples()) {
      assertThat(s.metric()).isEqualTo(Metrics.TOOL_RUNS);
      out.put(String.join(" ", s.labelValues()), s.value());
    }
    return out;
  }
}
