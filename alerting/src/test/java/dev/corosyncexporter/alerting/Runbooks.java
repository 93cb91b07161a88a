package dev.corosyncexporter.alerting;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** GitHub-style heading anchors of a Markdown file (the runbooks, and every link's target). */
final class Runbooks {
  private Runbooks() {}

  /**
   * The anchors GitHub gives the headings: a heading whose slug came before gets {@code -1}, {@code
   * -2}, ... in order. Lines in fenced code blocks are not headings.
   */
  static Set<String> anchors(String markdown) {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fenced = false;
    for (String line : markdown.split("\n")) {
      if (line.startsWith("```") || line.startsWith("~~~")) {
        fenced = !fenced;
      }
      if (!fenced && line.matches("#{1,6} .*")) {
        String slug = slug(line.replaceFirst("^#+ ", ""));
        int before = seen.merge(slug, 1, Integer::sum) - 1;
        anchors.add(before == 0 ? slug : slug + "-" + before);
      }
    }
    return anchors;
  }

  /** GitHub's slug: lower case, punctuation other than - and _ dropped, spaces to hyphens. */
  static String slug(String heading) {
    return heading
        .strip()
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{N} _-]", "")
        .replace(' ', '-');
  }
}
