package dev.corosyncexporter.alerting;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** GitHub-style heading anchors of a Markdown file. */
final class Runbooks {
  private Runbooks() {}

  static Set<String> anchors(String markdown) {
    Set<String> anchors = new LinkedHashSet<>();
    boolean fenced = false;
    for (String line : markdown.split("\n")) {
      if (line.startsWith("```")) {
        fenced = !fenced;
      }
      if (!fenced && line.matches("#{1,6} .*")) {
        anchors.add(slug(line.replaceFirst("^#+ ", "")));
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
