package dev.corosyncexporter.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCommandRunnerTest {
  private final LocalCommandRunner runner = new LocalCommandRunner();

  @Test
  void capturesStdoutStderrAndExitCodeSeparately() {
    CommandResult r =
        runner.run(List.of("sh", "-c", "echo out; echo err >&2; exit 2"), Duration.ofSeconds(5));
    assertThat(r.outcome()).isEqualTo(CommandResult.Outcome.EXITED);
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stdout()).isEqualTo("out\n");
    assertThat(r.stderr()).isEqualTo("err\n");
    assertThat(r.describe()).isEqualTo("sh -c echo out; echo err >&2; exit 2 exited 2: err");
  }

  @Test
  void argumentsAreNeverInterpretedByAShell() {
    CommandResult r =
        runner.run(List.of("/bin/echo", "$(id -u); rm -rf /", "*"), Duration.ofSeconds(5));
    assertThat(r.stdout()).isEqualTo("$(id -u); rm -rf / *\n");
  }

  @Test
  void missingExecutableIsNotFound() {
    CommandResult r =
        runner.run(List.of("/nonexistent/corosync-quorumtool", "-p"), Duration.ofSeconds(5));
    assertThat(r.outcome()).isEqualTo(CommandResult.Outcome.NOT_FOUND);
    assertThat(r.describe()).contains("/nonexistent/corosync-quorumtool").contains("not found");
  }

  @Test
  void aHangingToolIsKilledWithItsChildrenAndReaped() throws Exception {
    // The shell's background child holds the output pipe open: it must die too, or reading would
    // hang.
    CommandResult r =
        runner.run(
            List.of("sh", "-c", "sleep 60 & echo started; sleep 60"), Duration.ofMillis(500));
    assertThat(r.outcome()).isEqualTo(CommandResult.Outcome.TIMED_OUT);
    assertThat(r.describe()).contains("timed out");
    Thread.sleep(200);
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
        .as("no child outlives its run")
        .isEmpty();
  }

  @Test
  void manyRunsLeaveNoChildrenAndNoZombies() {
    for (int i = 0; i < 50; i++) {
      runner.run(List.of("true"), Duration.ofSeconds(5));
      runner.run(List.of("sh", "-c", "exit 3"), Duration.ofSeconds(5));
    }
    assertThat(ProcessHandle.current().children().toList()).isEmpty();
  }

  @Test
  void outputOverTheCapFailsTheRunInsteadOfBeingCut() {
    CommandResult r =
        runner.run(
            List.of("sh", "-c", "head -c 20000000 /dev/zero | tr '\\0' x"), Duration.ofSeconds(20));
    assertThat(r.outcome()).isEqualTo(CommandResult.Outcome.FAILED);
    assertThat(r.describe())
        .endsWith("failed: output exceeded " + LocalCommandRunner.MAX_STDOUT_BYTES + " bytes");
  }

  @Test
  void outputOfExactlyTheCapIsKept() {
    CommandResult r =
        runner.run(
            List.of(
                "sh",
                "-c",
                "head -c " + LocalCommandRunner.MAX_STDOUT_BYTES + " /dev/zero | tr '\\0' x"),
            Duration.ofSeconds(20));
    assertThat(r.exitedWith(0)).as(r.describe()).isTrue();
    assertThat(r.stdout()).hasSize(LocalCommandRunner.MAX_STDOUT_BYTES);
  }

  @Test
  void aToolThatCannotBeExecutedFailsWithTheReason(@TempDir Path dir) throws Exception {
    Path notExecutable = Files.writeString(dir.resolve("corosync-quorumtool"), "#!/bin/sh\n");
    CommandResult r = runner.run(List.of(notExecutable.toString()), Duration.ofSeconds(5));
    assertThat(r.outcome()).isEqualTo(CommandResult.Outcome.FAILED);
    assertThat(r.describe()).contains("Permission denied");
  }

  @Test
  void toolsRunInTheCLocale() {
    CommandResult r = runner.run(List.of("sh", "-c", "echo $LC_ALL"), Duration.ofSeconds(5));
    assertThat(r.stdout()).isEqualTo("C\n");
  }
}
