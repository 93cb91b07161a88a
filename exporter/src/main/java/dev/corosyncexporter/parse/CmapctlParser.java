package dev.corosyncexporter.parse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * corosync-cmapctl listings: {@code key (type) = value} per line. A key printed twice keeps its
 * first position and its last value. {@code bin} keys without {@code -b} print no value and get "".
 */
public final class CmapctlParser {

  static final String TOOL = "corosync-cmapctl";

  // Key characters are those icmap accepts (alnum . _ - / :), so \S+ cannot swallow the type.
  private static final Pattern LINE =
      Pattern.compile(
          "^(\\S+) \\((i8|u8|i16|u16|i32|u32|i64|u64|flt|dbl|str|bin)\\)(?: = (.*))?$",
          Pattern.DOTALL);

  private CmapctlParser() {}

  /** Blank output gives no entries; non-blank output without a single key line is an error. */
  public static CmapEntries parse(String stdout) throws ParseException {
    return LineParser.guard(
        TOOL,
        () -> {
          List<String> lines = LineParser.lines(TOOL, stdout);
          Map<String, CmapEntries.Entry> entries = new LinkedHashMap<>();
          for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
              continue;
            }
            String type = m.group(2);
            String value = m.group(3);
            if (value == null && !type.equals("bin")) {
              continue;
            }
            entries.put(m.group(1), new CmapEntries.Entry(type, value == null ? "" : value));
          }
          if (entries.isEmpty() && !LineParser.isBlank(lines)) {
            int first = firstNonBlank(lines);
            throw new ParseException(
                TOOL, first + 1, lines.get(first), "no 'key (type) = value' line in output");
          }
          return new CmapEntries(entries);
        });
  }

  private static int firstNonBlank(List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) {
        return i;
      }
    }
    return 0;
  }
}
