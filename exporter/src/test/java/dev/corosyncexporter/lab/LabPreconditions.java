package dev.corosyncexporter.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The lab needs root, network namespaces and Debian's corosync packages. Where it cannot run, lab
 * tests fail loudly in CI (CI=true) and are skipped, with the same message, elsewhere.
 */
final class LabPreconditions {
  private LabPreconditions() {}

  static void check() {
    String problem = problem();
    if (problem == null) {
      return;
    }
    String message = "lab tests cannot run: " + problem;
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(message + " (CI=true: the lab tests must run in CI)");
    }
    Assumptions.abort(message);
  }

  /**
   * The Proxmox lab tests also need Proxmox's pmxcfs sources beside the project (../shared/pmxcfs,
   * a test component like corosync): skipped where absent, failed under CI=true.
   */
  static void checkPmxcfs() {
    check();
    Path build = pmxcfsSources().resolve("build.sh");
    if (Files.isExecutable(build)) {
      return;
    }
    String message =
        "Proxmox lab tests cannot run: pmxcfs sources not found at "
            + pmxcfsSources()
            + " (../shared/pmxcfs beside the project root, with build.sh)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(message + " (CI=true: the lab tests must run in CI)");
    }
    Assumptions.abort(message);
  }

  /** Where lab.sh looks for them too (LAB_PMXCFS_SRC overrides). */
  static Path pmxcfsSources() {
    String dir = System.getenv("LAB_PMXCFS_SRC");
    return dir != null
        ? Path.of(dir)
        : script().getParent().getParent().getParent().resolve("shared/pmxcfs").normalize();
  }

  private static String problem() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "not root (network and mount namespaces need it)";
    }
    for (String tool :
        new String[] {
          "/usr/sbin/corosync",
          "/usr/sbin/corosync-qdevice",
          "/usr/bin/corosync-qnetd",
          "/usr/sbin/ip",
          "/usr/bin/nsenter"
        }) {
      if (!Files.isExecutable(Path.of(tool))) {
        return tool
            + " missing (apt-get install corosync corosync-qdevice corosync-qnetd iproute2 util-linux)";
      }
    }
    if (!Files.isRegularFile(script())) {
      return "lab script not found at " + script();
    }
    if (!Files.isRegularFile(jar())) {
      return "exporter jar not built at " + jar() + " (run mvn package first)";
    }
    return null;
  }

  static Path script() {
    return Path.of(System.getProperty("lab.script", "../lab/lab.sh")).toAbsolutePath().normalize();
  }

  static Path jar() {
    return Path.of(System.getProperty("exporter.jar", "target/corosync-exporter.jar"))
        .toAbsolutePath()
        .normalize();
  }

  static Path labDir() {
    String dir = System.getenv("LAB_DIR");
    return Path.of(dir != null ? dir : "/tmp/corosync-lab");
  }
}
