package dev.corosyncexporter.collector;

/**
 * A program the exporter runs, by absolute path so that nothing depends on $PATH. Each gets a
 * {@code --path.NAME} flag; the default is where Debian (or Proxmox) installs it.
 */
public record Tool(String name, String defaultPath) {

  public Tool {
    if (!defaultPath.startsWith("/")) {
      throw new IllegalArgumentException(name + ": default path must be absolute");
    }
  }

  public String flag() {
    return "--path." + name;
  }
}
