package dev.corosyncexporter.config;

/**
 * A configuration file the exporter refuses to start with. The message always starts with the key
 * path (e.g. {@code clusters[0].nodes[1].port}) so the operator can find the offending line.
 */
public final class ConfigException extends Exception {
  private final String path;
  private final String reason;

  public ConfigException(String path, String reason) {
    super(path.isEmpty() ? reason : path + ": " + reason);
    this.path = path;
    this.reason = reason;
  }

  /** Key path of the offending value; empty for problems with the file as a whole. */
  public String path() {
    return path;
  }

  public String reason() {
    return reason;
  }
}
