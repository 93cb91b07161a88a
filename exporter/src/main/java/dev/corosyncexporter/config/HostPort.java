package dev.corosyncexporter.config;

import java.util.regex.Pattern;

/**
 * A node written as a string: {@code host}, {@code host:port}, {@code [v6]:port} or a bare IPv6
 * literal. {@code port} is null when the string does not give one.
 */
record HostPort(String host, Integer port) {
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._%:-]+");
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,5}");

  static HostPort parse(YamlNode where) throws ConfigException {
    String text = where.asString();
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw invalid(where, text);
      }
      String rest = text.substring(close + 1);
      if (!rest.isEmpty() && !rest.startsWith(":")) {
        throw invalid(where, text);
      }
      String host = checkedHost(where, text.substring(1, close), text);
      return new HostPort(host, rest.isEmpty() ? null : port(where, rest.substring(1), text));
    }
    int colon = text.indexOf(':');
    if (colon >= 0 && colon == text.lastIndexOf(':')) {
      String host = checkedHost(where, text.substring(0, colon), text);
      return new HostPort(host, port(where, text.substring(colon + 1), text));
    }
    // No colon, or several: a plain name or an unbracketed IPv6 literal without port.
    return new HostPort(checkedHost(where, text, text), null);
  }

  /** The {@code host} key of a node mapping: a port belongs in the separate {@code port} key. */
  static String parseHostOnly(YamlNode where) throws ConfigException {
    String text = where.asString();
    int colons = text.length() - text.replace(":", "").length();
    if (colons == 1) {
      throw where.error("must not contain a port, got '" + text + "' (use the 'port' key)");
    }
    return checkedHost(where, text, text);
  }

  static int checkPort(YamlNode where, int port) throws ConfigException {
    if (port < 1 || port > 65535) {
      throw where.error("must be between 1 and 65535, got " + port);
    }
    return port;
  }

  private static String checkedHost(YamlNode where, String host, String text)
      throws ConfigException {
    if (host.contains("@")) {
      throw where.error(
          "invalid host '" + text + "': set the user with the 'user' key, not in the host");
    }
    if (!HOST.matcher(host).matches()) {
      throw invalid(where, text);
    }
    return host;
  }

  private static int port(YamlNode where, String digits, String text) throws ConfigException {
    if (!DIGITS.matcher(digits).matches()) {
      throw where.error("invalid port '" + digits + "' in '" + text + "'");
    }
    int port = Integer.parseInt(digits);
    if (port < 1 || port > 65535) {
      throw where.error("port in '" + text + "' must be between 1 and 65535, got " + port);
    }
    return port;
  }

  private static ConfigException invalid(YamlNode where, String text) {
    return where.error("invalid host '" + text + "' (expected host, host:port or [ipv6]:port)");
  }
}
