package dev.corosyncexporter.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShellQuotingTest {

  @Test
  void wrapsInSingleQuotesAndEscapesOnlyTheQuote() {
    assertThat(ShellQuoting.quote("plain")).isEqualTo("'plain'");
    assertThat(ShellQuoting.quote("")).isEqualTo("''");
    assertThat(ShellQuoting.quote("it's")).isEqualTo("'it'\\''s'");
    assertThat(ShellQuoting.quote("$(rm -rf /); `x` \"y\" \\z"))
        .isEqualTo("'$(rm -rf /); `x` \"y\" \\z'");
  }

  @Test
  void aRealShellParsesTheCommandLineBackIntoTheSameArguments() throws Exception {
    List<String> args =
        List.of(
            "two words",
            "it's",
            "''",
            "$(echo INJECTED)",
            "a;b|c&d",
            "`id`",
            "*",
            "~",
            "",
            "x\ny",
            "back\\slash",
            "$HOME",
            "\"dq\"",
            "tab\there",
            "ünïcødé",
            "-n");
    List<String> argv = new ArrayList<>(List.of("printf", "<%s>\\n"));
    argv.addAll(args);

    Process sh = new ProcessBuilder("/bin/sh", "-c", ShellQuoting.commandLine(argv)).start();
    String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(sh.waitFor()).isZero();
    StringBuilder expected = new StringBuilder();
    args.forEach(a -> expected.append('<').append(a).append(">\n"));
    assertThat(out).isEqualTo(expected.toString());
  }

  @Test
  void refusesWhatCannotBeExpressed() {
    assertThatThrownBy(() -> ShellQuoting.quote("a\0b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ShellQuoting.commandLine(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
