package dev.corosyncexporter.parse;

import dev.corosyncexporter.command.ToolText;

/**
 * Output a parser could not make sense of: names the tool, the line number (1-based, 0 = whole
 * text) and the line. The message is logged, so the line and the reason (which may quote a value
 * from the output) are escaped and cut.
 */
public final class ParseException extends Exception {
  private final String tool;
  private final int lineNumber;
  private final String line;

  public ParseException(String tool, int lineNumber, String line, String reason) {
    super(
        tool
            + ": "
            + ToolText.forLog(reason)
            + (lineNumber > 0
                ? " at line " + lineNumber + ": '" + ToolText.forLog(abbreviate(line)) + "'"
                : ""));
    this.tool = tool;
    this.lineNumber = lineNumber;
    this.line = line;
  }

  public ParseException(String tool, String reason) {
    this(tool, 0, "", reason);
  }

  public String tool() {
    return tool;
  }

  public int lineNumber() {
    return lineNumber;
  }

  public String line() {
    return line;
  }

  private static String abbreviate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 117) + "...";
  }
}
