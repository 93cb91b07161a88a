package dev.corosyncexporter.app;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Version and revision stamped in at build time. */
record BuildProperties(String version, String revision) {

  static BuildProperties load() {
    Properties p = new Properties();
    try (InputStream in =
        BuildProperties.class.getResourceAsStream("/corosync-exporter-build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // a jar without its properties still runs; it just cannot say which build it is
    }
    return new BuildProperties(clean(p.getProperty("version")), clean(p.getProperty("revision")));
  }

  private static String clean(String v) {
    return v == null || v.isBlank() || v.startsWith("${") ? "unknown" : v;
  }

  static final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      BuildProperties b = load();
      return new String[] {"corosync-exporter " + b.version() + " (revision " + b.revision() + ")"};
    }
  }
}
