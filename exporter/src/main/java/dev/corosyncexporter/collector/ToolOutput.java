package dev.corosyncexporter.collector;

import dev.corosyncexporter.command.CommandResult;
import dev.corosyncexporter.parse.ParseException;
import dev.corosyncexporter.socket.DaemonReply;

/**
 * Reading a tool's output, the one way every collector does it; a daemon's answer over its socket,
 * which is the same text, the same way.
 */
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

  /**
   * What {@code parser} reads in the body of {@code reply}, which must be {@link
   * DaemonReply.Outcome#OK}: the text the daemon's tool would have printed.
   *
   * @throws CollectionException naming the socket and request, when the text is not what the parser
   *     knows
   */
  public static <T> T parse(DaemonReply reply, CollectorSpec.TextParser<T> parser)
      throws CollectionException {
    try {
      return parser.parse(reply.text());
    } catch (ParseException e) {
      throw new CollectionException(
          reply.socket() + " \"" + reply.request() + "\": unparseable answer: " + e.getMessage(),
          e);
    }
  }
}
