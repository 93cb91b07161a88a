package dev.corosyncexporter.app;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks --web.telemetry-path: a plain path, so the router cannot read it as a pattern ({x}, *,
 * <x>).
 */
final class TelemetryPath {
  private static final Pattern PLAIN = Pattern.compile("(/[A-Za-z0-9._~-]+)+");
  private static final List<String> RESERVED = List.of("/-/healthy", "/-/ready", "/probe");

  private TelemetryPath() {}

  static void check(String path) throws StartupException {
    if (!path.startsWith("/")) {
      throw new StartupException("--web.telemetry-path: must start with '/', got '" + path + "'");
    }
    if (!PLAIN.matcher(path).matches()) {
      throw new StartupException(
          "--web.telemetry-path: segments of letters, digits, '.', '_', '~' and '-' only, and not '/' alone (the"
              + " landing page is there), got '"
              + path
              + "'");
    }
    if (RESERVED.contains(path)) {
      throw new StartupException(
          "--web.telemetry-path: " + path + " is the exporter's own endpoint");
    }
  }
}
