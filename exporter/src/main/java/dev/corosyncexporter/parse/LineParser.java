package dev.corosyncexporter.parse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
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

  /**
   * The "Label: value" lines of one tool's output, the first of each label kept (a later block
   * repeats labels), so that the tool parsers look labels up, and report a missing one, alike.
   */
  static final class Fields {
    private final String tool;
    private final Map<String, Field> byLabel = new HashMap<>();

    Fields(String tool) {
      this.tool = tool;
    }

    /** The fields of those {@code lines} that {@code labelLine} accepts, numbered from 1. */
    static Fields of(String tool, List<String> lines, Predicate<String> labelLine) {
      Fields fields = new Fields(tool);
      for (int i = 0; i < lines.size(); i++) {
        if (labelLine.test(lines.get(i))) {
          fields.add(lines.get(i), i + 1);
        }
      }
      return fields;
    }

    /** Keeps {@code line} if it is a "Label: value" line with a label not seen before. */
    void add(String line, int lineNo) {
      String[] kv = label(line);
      if (kv != null) {
        byLabel.putIfAbsent(kv[0], new Field(kv[1], lineNo, line));
      }
    }

    /** The field, or null when the output has no such line. */
    Field get(String label) {
      return byLabel.get(label);
    }

    boolean has(String label) {
      return byLabel.containsKey(label);
    }

    /** The field; without it this is not output the parser knows. */
    Field require(String label) throws ParseException {
      Field f = byLabel.get(label);
      if (f == null) {
        throw new ParseException(tool, "no '" + label + ":' line");
      }
      return f;
    }
  }
}
