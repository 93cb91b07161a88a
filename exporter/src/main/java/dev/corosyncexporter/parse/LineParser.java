package dev.corosyncexporter.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Line-level helpers shared by the tool parsers. */
final class LineParser {

  private static final Pattern NODE_ID = Pattern.compile("0[xX][0-9a-fA-F]{1,8}|\\d{1,10}");

  private LineParser() {}

  interface Body<T> {
    T run() throws ParseException;
  }

  /**
   * Runs a parser body so that only ParseException leaves it: a parser bug or absurd input must
   * cost one scrape, not the caller's thread. StackOverflowError is included because
   * java.util.regex recurses.
   */
  static <T> T guard(String tool, Body<T> body) throws ParseException {
    try {
      return body.run();
    } catch (RuntimeException | StackOverflowError e) {
      ParseException pe =
          new ParseException(tool, "cannot parse output (" + e.getClass().getSimpleName() + ")");
      pe.initCause(e);
      throw pe;
    }
  }

  /**
   * Splits on '\n' in one pass; a trailing '\r' is dropped because output read through a pty has
   * CRLF.
   */
  static List<String> lines(String tool, String text) throws ParseException {
    if (text == null) {
      throw new ParseException(tool, "no output");
    }
    List<String> out = new ArrayList<>();
    int start = 0;
    int len = text.length();
    while (start < len) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? len : nl;
      int stop = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
      out.add(text.substring(start, stop));
      start = end + 1;
    }
    return out;
  }

  static boolean isBlank(List<String> lines) {
    for (String l : lines) {
      if (!l.isBlank()) {
        return false;
      }
    }
    return true;
  }

  /**
   * "Label: value" split at the first ':' (values hold colons: times, host:port); null without a
   * colon.
   */
  static String[] label(String line) {
    int colon = line.indexOf(':');
    if (colon <= 0) {
      return null;
    }
    return new String[] {line.substring(0, colon).strip(), line.substring(colon + 1).strip()};
  }

  /** A node id as printed decimal ("%u") or hex ("0x%08x", quorumtool -H). */
  static long nodeId(String tool, int lineNo, String line, String text) throws ParseException {
    String s = text.strip();
    if (!NODE_ID.matcher(s).matches()) {
      throw new ParseException(tool, lineNo, line, "not a node id: '" + s + "'");
    }
    return s.startsWith("0x") || s.startsWith("0X")
        ? Long.parseLong(s.substring(2), 16)
        : Long.parseLong(s);
  }

  static long number(String tool, int lineNo, String line, String text) throws ParseException {
    String s = text.strip();
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new ParseException(tool, lineNo, line, "not a number: '" + s + "'");
    }
  }

  /**
   * For fields printed with %u or from uninitialized structs: out-of-range values are clamped, not
   * fatal.
   */
  static int clampToInt(long v) {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
  }

  static int integer(String tool, int lineNo, String line, String text) throws ParseException {
    return clampToInt(number(tool, lineNo, line, text));
  }

  /** A value found on a numbered line, so that a later error can point at that line. */
  record Field(String value, int lineNo, String line) {}
}
