package dev.corosyncexporter.collector;

import dev.corosyncexporter.command.CommandResult;
import dev.corosyncexporter.command.CommandRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves output recorded from the real tools (src/test/resources/fixtures, made by
 * lab/record-fixtures.sh) in place of running them. Commands are matched by tool and mode, not by
 * every argument, because the recordings asked for a superset of the keys the collectors ask for.
 */
final class ReplayCommandRunner implements CommandRunner {
  private final Map<String, String> fixtures = new HashMap<>();
  private final Map<String, CommandResult> canned = new HashMap<>();

  /** Mode names: quorum, config, stats-keys, stats-prefix, cfgtool-s, qdevice, qnetd-s, qnetd-l. */
  ReplayCommandRunner with(String mode, String fixture) {
    fixtures.put(mode, fixture);
    return this;
  }

  ReplayCommandRunner withOutput(String mode, int exitCode, String stdout, String stderr) {
    canned.put(mode, CommandResult.exited(List.of(mode), exitCode, stdout, stderr, Duration.ZERO));
    return this;
  }

  static String mode(List<String> argv) {
    String tool = argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1);
    String args = String.join(" ", argv.subList(1, argv.size()));
    return switch (tool) {
      case "corosync-quorumtool", "pvecm" -> "quorum";
      case "corosync-cfgtool" -> "cfgtool-s";
      case "corosync-qdevice-tool" -> "qdevice";
      case "corosync-qnetd-tool" -> args.startsWith("-l") ? "qnetd-l" : "qnetd-s";
      case "corosync-cmapctl" -> args.startsWith("-m stats -g") ? "stats-keys" : args.startsWith("-m stats") ? "stats-prefix" : "config";
      default -> "unknown";
    };
  }

  @Override
  public CommandResult run(List<String> argv, Duration timeout) {
    String mode = mode(argv);
    if (canned.containsKey(mode)) {
      CommandResult c = canned.get(mode);
      return CommandResult.exited(argv, c.exitCode(), c.stdout(), c.stderr(), Duration.ofMillis(1));
    }
    String fixture = fixtures.get(mode);
    if (fixture == null) {
      // As corosync-cmapctl -g does for a key it does not have.
      return CommandResult.exited(argv, 1, "", "no recording for " + mode, Duration.ofMillis(1));
    }
    return CommandResult.exited(
        argv,
        Integer.parseInt(read(fixture + ".rc").strip()),
        read(fixture + ".out"),
        read(fixture + ".err"),
        Duration.ofMillis(1));
  }

  @Override
  public String target() {
    return "replay";
  }

  static String read(String name) {
    try (InputStream in = ReplayCommandRunner.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
