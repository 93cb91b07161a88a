package dev.corosyncexporter.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corosyncexporter.command.CommandResult;
import dev.corosyncexporter.parse.CfgtoolStatusParser;
import dev.corosyncexporter.parse.ParseException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How every collector reads a tool's output: what it fails with when the output is not known. */
class ToolOutputTest {
  private static CommandResult printed(String stdout) {
    return CommandResult.exited(
        List.of("/usr/sbin/corosync-cfgtool", "-s"), 0, stdout, "", Duration.ofMillis(1));
  }

  @Test
  void outputThatDoesNotParseFailsTheCollectionNamingTheCommand() {
    assertThatThrownBy(
            () -> ToolOutput.parse(printed("no links here\n"), CfgtoolStatusParser::parse))
        .isInstanceOf(CollectionException.class)
        .hasCauseInstanceOf(ParseException.class)
        .hasMessageStartingWith("/usr/sbin/corosync-cfgtool -s: unparseable output: ");
  }

  @Test
  void outputThatParsesIsWhatTheParserRead() throws CollectionException {
    CollectorSpec.TextParser<String> firstLine = text -> text.lines().findFirst().orElseThrow();
    assertThat(ToolOutput.parse(printed("Local node ID 1\n"), firstLine))
        .isEqualTo("Local node ID 1");
  }
}
