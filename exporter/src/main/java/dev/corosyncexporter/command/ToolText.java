package dev.corosyncexporter.command;

/**
 * Text that came from a tool (its stderr, a remote error) on its way into a log line or an error
 * message. A tool can print anything: a 9 MB line, terminal escapes, a newline that forges a second
 * log entry. So every such text goes through here: control and other non-printable characters
 * become visible escapes, and the result is cut to a length a log line can afford.
 */
public final class ToolText {
  /** Enough for any real diagnostic line of the corosync tools; beyond it a log line only costs. */
  public static final int MAX_CHARS = 200;

  private ToolText() {}

  /**
   * {@code text} escaped ({@code \n}, {@code \t}, {@code \x1b}, {@code \u200b}, ...) and cut to
   * {@link #MAX_CHARS} + "…".
   */
  public static String forLog(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 8);
    int i = 0;
    while (i < text.length()) {
      if (out.length() >= MAX_CHARS) {
        return out.append('…').toString();
      }
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      appendEscaped(out, cp);
    }
    return out.toString();
  }

  private static void appendEscaped(StringBuilder out, int cp) {
    switch (cp) {
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      case '\t' -> out.append("\\t");
      case '\\' -> out.append("\\\\");
      default -> {
        if (cp < 0x20 || cp == 0x7f) {
          out.append(String.format("\\x%02x", cp));
        } else if (!isPrintable(cp)) {
          // Invalid UTF-8 arrives as U+FFFD, which is printable; this catches C1 controls,
          // bidi overrides, zero-width and unassigned characters.
          out.append(String.format(cp > 0xffff ? "\\U%08x" : "\\u%04x", cp));
        } else {
          out.appendCodePoint(cp);
        }
      }
    }
  }

  private static boolean isPrintable(int cp) {
    return switch (Character.getType(cp)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.UNASSIGNED,
          Character.PRIVATE_USE,
          Character.SURROGATE,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR ->
          false;
      default -> true;
    };
  }
}
