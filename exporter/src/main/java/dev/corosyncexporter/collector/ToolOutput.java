package dev.corosyncexporter.collector;

import dev.corosyncexporter.command.CommandResult;
import dev.corosyncexporter.parse.ParseException;

/** Reading a tool's output, the one way every collector does it. */
public final class ToolOutput {
  private ToolOutput() {}

  /**
   * What {@code parser} reads in {@code result}'s stdout.
   *
   * @throws CollectionException naming the command, when its output is not what the parser knows
   */
  public static <T> T parse(CommandResult result, CollectorSpec.TextParser<T> parser)
      throws CollectionException {
    try {
      return parser.parse(result.stdout());
    } catch (ParseException e) {
      throw CollectionException.of(result, e);
    }
  }
}
