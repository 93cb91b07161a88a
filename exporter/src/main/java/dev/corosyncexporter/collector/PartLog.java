package dev.corosyncexporter.collector;

import dev.corosyncexporter.command.ToolText;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Logs why a part of a node could not be read once when the reason appears or changes, and once
 * when it is read again: a file that stays bad is one line, not one per scrape. Reasons quote what
 * the files hold, so every line is escaped and bounded as tool text is.
 */
final class PartLog {
  private final Consumer<String> problem;
  private final Consumer<String> recovered;

  /** Per node (the runner's target): each part's reason now, "" when it was read. */
  private final Map<String, Map<String, String>> last = new ConcurrentHashMap<>();

  PartLog(Consumer<String> problem, Consumer<String> recovered) {
    this.problem = problem;
    this.recovered = recovered;
  }

  /**
   * @param reasons this scrape's parts, each with its reason or "" when it was read; a part that is
   *     no longer there (a member gone) is forgotten without a line
   */
  void report(String target, Map<String, String> reasons) {
    Map<String, String> before = last.getOrDefault(target, Map.of());
    reasons.forEach(
        (part, why) -> {
          String was = before.getOrDefault(part, "");
          if (Objects.equals(was, why)) {
            return;
          }
          String prefix = "pve on " + ToolText.forLog(target) + ": " + ToolText.forLog(part);
          if (why.isEmpty()) {
            recovered.accept(prefix + " read again");
          } else {
            problem.accept(prefix + " not read: " + bounded(why));
          }
        });
    last.put(target, new LinkedHashMap<>(reasons));
  }

  /** The longest reason a line shows: a parser's reason and the line it quotes, both cut. */
  static final int MAX_REASON_CHARS = 3 * ToolText.MAX_CHARS;

  /**
   * Reasons arrive escaped where they quote a file (ParseException, CommandResult do it), and are
   * not escaped twice; one that still holds a control character is escaped here, and all are cut.
   */
  static String bounded(String why) {
    boolean raw =
        why.codePoints().anyMatch(c -> c < 0x20 || c == 0x7f || Character.isISOControl(c));
    String safe = raw ? ToolText.forLog(why) : why;
    return safe.length() > MAX_REASON_CHARS ? safe.substring(0, MAX_REASON_CHARS) + "…" : safe;
  }
}
