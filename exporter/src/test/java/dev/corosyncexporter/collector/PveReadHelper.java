package dev.corosyncexporter.collector;

import dev.corosyncexporter.command.CommandResult;
import dev.corosyncexporter.command.CommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real SSH wrapper's pve_read (packaging/ssh-command-wrapper, with perl) on a folder laid
 * out like /, as a node runs it for central mode's pve collector: the reply the collector parses is
 * the one the wrapper writes.
 */
public final class PveReadHelper {
  public static final Path WRAPPER =
      Path.of("..", "packaging", "ssh-command-wrapper").toAbsolutePath().normalize();

  /** The name the exporter sends for pve_read. */
  public static final String PVE_READ = PveFiles.RemoteSource.PVE_READ;

  private PveReadHelper() {}

  /** A node in central mode whose pve_read reads {@code root}; any other command fails. */
  static CommandRunner runner(Path root, String target) {
    return new CommandRunner() {
      @Override
      public CommandResult run(List<String> argv, Duration timeout) {
        return argv.get(0).equals(PVE_READ)
            ? PveReadHelper.run(root, argv)
            : CommandResult.exited(argv, 127, "", "not on this node\n", Duration.ZERO);
      }

      @Override
      public String target() {
        return target;
      }
    };
  }

  /** {@code argv} as the exporter sends it ({@link #PVE_READ} NODE...), answered from root. */
  public static CommandResult run(Path root, List<String> argv) {
    List<String> command = new ArrayList<>(List.of("perl", WRAPPER.toString(), "--pve-read"));
    command.addAll(argv.subList(1, argv.size()));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("CE_WRAPPER_PVE_ROOT", root.toString());
    long start = System.nanoTime();
    try {
      Path err = Files.createTempFile("pve-read", ".err");
      try {
        Process p =
            pb.redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException("pve_read did not finish");
        }
        return CommandResult.exited(
            argv,
            p.exitValue(),
            out,
            Files.readString(err),
            Duration.ofNanos(System.nanoTime() - start));
      } finally {
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
