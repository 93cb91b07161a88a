package dev.corosyncexporter.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;

/** The page at "/": what this is and where the metrics are. */
final class LandingPage {
  private LandingPage() {}

  static String html(String telemetryPath, Set<String> probeTargets) {
    StringBuilder targets = new StringBuilder();
    for (String t : new TreeSet<>(probeTargets)) {
      String q = escape(URLEncoder.encode(t, StandardCharsets.UTF_8));
      targets
          .append("<li><a href=\"/probe?target=")
          .append(q)
          .append("\">")
          .append(escape(t))
          .append("</a></li>");
    }
    return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>corosync-exporter</title></head><body>"
        + "<h1>corosync-exporter</h1>"
        + "<p>Quorum, votes, QDevice and knet link state of corosync clusters, for Prometheus.</p>"
        + "<ul><li><a href=\""
        + escape(telemetryPath)
        + "\">Metrics</a></li>"
        + "<li><a href=\"/-/healthy\">Health</a></li></ul>"
        + (targets.length() > 0 ? "<h2>Clusters (/probe)</h2><ul>" + targets + "</ul>" : "")
        + "</body></html>\n";
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
