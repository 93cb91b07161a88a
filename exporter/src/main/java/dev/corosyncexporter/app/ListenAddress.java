package dev.corosyncexporter.app;

/**
 * --web.listen-address: {@code HOST:PORT}, {@code :PORT} (all interfaces) or {@code [IPv6]:PORT}.
 */
record ListenAddress(String host, int port) {

  static ListenAddress parse(String value) {
    int colon = value.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("expected HOST:PORT or :PORT, got '" + value + "'");
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new IllegalArgumentException(
          "IPv6 addresses need brackets, e.g. [::1]:9679, got '" + value + "'");
    }
    int port;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "port must be a number, got '" + value.substring(colon + 1) + "'");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
    }
    return new ListenAddress(host.isEmpty() ? "0.0.0.0" : host, port);
  }
}
