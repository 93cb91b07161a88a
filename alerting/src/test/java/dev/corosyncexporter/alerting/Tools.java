package dev.corosyncexporter.alerting;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs promtool, amtool and the scripts under alert-rules/. */
final class Tools {
  private Tools() {}

  record Result(int exitCode, String output) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  static Optional<Path> find(String... names) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String name : names) {
      for (String dir : path.split(File.pathSeparator)) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The path of a tool from the prometheus / prometheus-alertmanager packages; fails clearly when
   * missing.
   */
  static Path require(String name, String debianPackage) {
    return find(name)
        .orElseGet(
            () ->
                fail(
                    name
                        + " is not on the PATH. Install it with `apt-get install -y "
                        + debianPackage
                        + "` or run alert-rules/tests/ensure-tools.sh."));
  }

  static Path promtool() {
    return require("promtool", "prometheus");
  }

  static Path amtool() {
    return require("amtool", "prometheus-alertmanager");
  }

  /** Runs a command with stderr merged into stdout; kills it after the timeout. */
  static Result run(Path workDir, Duration timeout, List<String> command) {
    Path log = null;
    try {
      // Output goes to a file so that a hanging tool cannot block the reader past the timeout.
      log = Files.createTempFile("alerting-tool", ".log");
      ProcessBuilder pb =
          new ProcessBuilder(new ArrayList<>(command))
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      Process p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        fail(String.join(" ", command) + " did not finish within " + timeout);
      }
      return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      if (log != null) {
        try {
          Files.deleteIfExists(log);
        } catch (IOException ignored) {
          // a leftover temp file is harmless
        }
      }
    }
  }

  static Result run(Path workDir, String... command) {
    return run(workDir, Duration.ofMinutes(2), List.of(command));
  }
}
