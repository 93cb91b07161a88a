package dev.corosyncexporter.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab's command runner on real processes, without the lab: a command that never ends and never
 * closes its output fails at its limit, with what it printed, and leaves no process behind.
 */
class LabCommandTest {
  private static final Duration LIMIT = Duration.ofSeconds(1);

  /** Killing and reaping on a loaded two-core machine; a hang would be the 1000 s sleep. */
  private static final Duration MARGIN = Duration.ofSeconds(8);

  @TempDir Path dir;

  /** A shell that prints its own pid and its child's, then waits for a child that holds stdout. */
  private Path hangingScript() throws IOException {
    Path script = dir.resolve("hangs.sh");
    Files.writeString(
        script, "#!/bin/bash\nsleep 1000 &\necho \"shell=$$ sleep=$!\"\nwait\necho never\n");
    return script;
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aCommandThatNeverEndsNorClosesItsOutputFailsAtItsLimitAndLeavesNothing() throws Exception {
    List<String> argv = List.of("bash", hangingScript().toString());
    long start = System.nanoTime();
    Throwable failure = catchThrowable(() -> LabCommand.run(argv, LIMIT));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(failure).isInstanceOf(AssertionError.class);
    assertThat(failure.getMessage())
        .contains("did not end within 1 s")
        .contains("output so far")
        .contains("shell=");
    assertThat(took).as("bounded by the limit").isLessThan(LIMIT.plus(MARGIN));
    Matcher pids = Pattern.compile("shell=(\\d+) sleep=(\\d+)").matcher(failure.getMessage());
    assertThat(pids.find()).as(failure.getMessage()).isTrue();
    for (int group = 1; group <= 2; group++) {
      long pid = Long.parseLong(pids.group(group));
      await("process " + pid + " of the command gone")
          .atMost(Duration.ofSeconds(5))
          .until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void theLenientRunIsBoundedToo() throws Exception {
    List<String> argv = List.of("bash", hangingScript().toString());
    long start = System.nanoTime();
    assertThatThrownBy(() -> LabCommand.runLenient(argv, LIMIT))
        .hasMessageContaining("did not end within 1 s")
        .hasMessageContaining("shell=");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(LIMIT.plus(MARGIN));
  }

  @Test
  void outputAndExitCodeOfACommandThatEnds() {
    assertThat(
            LabCommand.run(List.of("sh", "-c", "echo out; echo err >&2"), LIMIT.multipliedBy(10)))
        .contains("out")
        .contains("err");
    assertThat(
            LabCommand.runLenient(
                List.of("sh", "-c", "echo out; echo err >&2; exit 3"), LIMIT.multipliedBy(10)))
        .isEqualTo("out\n");
    assertThatThrownBy(
            () -> LabCommand.run(List.of("sh", "-c", "echo why; exit 3"), LIMIT.multipliedBy(10)))
        .hasMessageContaining("exited 3")
        .hasMessageContaining("why");
  }
}
