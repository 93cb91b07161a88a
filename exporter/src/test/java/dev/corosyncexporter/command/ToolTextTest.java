package dev.corosyncexporter.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolTextTest {
  @Test
  void printableTextPassesUnchanged() {
    assertThat(ToolText.forLog("Could not initialize corosync configuration API error 2 (é, ü)"))
        .isEqualTo("Could not initialize corosync configuration API error 2 (é, ü)");
  }

  @Test
  void controlAndInvisibleCharactersBecomeVisibleEscapes() {
    assertThat(ToolText.forLog("a\nforged log line\r\t\u001b[31mred\u0000\\ \u202e\u200b\u0085"))
        .isEqualTo("a\\nforged log line\\r\\t\\x1b[31mred\\x00\\\\ \\u202e\\u200b\\u0085");
  }

  @Test
  void longTextIsCut() {
    assertThat(ToolText.forLog("E".repeat(9_000_000)))
        .isEqualTo("E".repeat(ToolText.MAX_CHARS) + "…");
    assertThat(ToolText.forLog("E".repeat(ToolText.MAX_CHARS)))
        .isEqualTo("E".repeat(ToolText.MAX_CHARS));
  }

  @Test
  void describeShowsTheFirstStderrLineEscapedAndCut() {
    CommandResult r =
        CommandResult.exited(
            List.of("corosync-quorumtool", "-p"),
            1,
            "",
            "\n  bad \u001b]0;title\u0007 line\nsecond\n",
            Duration.ZERO);
    assertThat(r.describe())
        .isEqualTo("corosync-quorumtool -p exited 1: bad \\x1b]0;title\\x07 line");
    CommandResult huge =
        CommandResult.exited(List.of("tool"), 1, "", "x".repeat(1_000_000), Duration.ZERO);
    assertThat(huge.describe()).isEqualTo("tool exited 1: " + "x".repeat(ToolText.MAX_CHARS) + "…");
    CommandResult failed =
        CommandResult.failed(
            List.of("tool"), CommandResult.Outcome.FAILED, "remote\nsaid\u0007", Duration.ZERO);
    assertThat(failed.describe()).isEqualTo("tool failed: remote\\nsaid\\x07");
  }
}
