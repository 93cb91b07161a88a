package dev.corosyncexporter.app;

import dev.corosyncexporter.collector.CollectorDefinition;
import dev.corosyncexporter.collector.CollectorOption;
import dev.corosyncexporter.collector.CollectorRegistry;
import dev.corosyncexporter.collector.CollectorSettings;
import dev.corosyncexporter.collector.RunMode;
import dev.corosyncexporter.collector.Tool;
import dev.corosyncexporter.collector.ToolPaths;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The flags every registered collector brings, as node_exporter makes them: --[no-]collector.NAME,
 * --collector.NAME.OPTION and --path.TOOL. Added to the command line from the registry, so a new
 * collector gets its flags and help text without touching this class.
 */
final class CollectorFlags {
  private final CollectorRegistry registry;
  private final CommandSpec spec;

  private CollectorFlags(CollectorRegistry registry, CommandSpec spec) {
    this.registry = registry;
    this.spec = spec;
  }

  static CollectorFlags addTo(CommandLine cli, CollectorRegistry registry) {
    CommandSpec spec = cli.getCommandSpec();
    for (CollectorDefinition d : registry.all()) {
      spec.addOption(
          OptionSpec.builder(d.spec().flag())
              .type(Boolean.class)
              .arity("0")
              .negatable(true)
              .description(d.spec().help() + " (default: on where the host runs it).")
              .build());
    }
    for (CollectorDefinition d : registry.all()) {
      for (CollectorOption<?> o : d.spec().options()) {
        spec.addOption(
            OptionSpec.builder(o.flag(d.spec().name()))
                .type(String.class)
                .paramLabel("VALUE")
                // No picocli default: an unset option takes the default of the mode (see
                // settings), and the fallback must know it was not chosen.
                .description(o.help() + " (default: " + o.describeDefault() + ").")
                .build());
      }
    }
    for (Tool t : registry.tools()) {
      spec.addOption(
          OptionSpec.builder(t.flag())
              .type(String.class)
              .paramLabel("PATH")
              .defaultValue(t.defaultPath())
              .description("Absolute path of " + t.name() + " (default: ${DEFAULT-VALUE}).")
              .build());
    }
    return new CollectorFlags(registry, spec);
  }

  /** --collector.NAME or --no-collector.NAME if given; empty leaves it to detection. */
  Optional<Boolean> explicit(CollectorDefinition d) {
    OptionSpec o = spec.findOption(d.spec().flag());
    return Optional.ofNullable(o.getValue());
  }

  /** The options given for {@code d}; those not given take their default in {@code mode}. */
  CollectorSettings settings(CollectorDefinition d, RunMode mode) throws StartupException {
    Map<String, String> values = new HashMap<>();
    for (CollectorOption<?> o : d.spec().options()) {
      String flag = o.flag(d.spec().name());
      String v = spec.findOption(flag).getValue();
      if (v == null) {
        continue;
      }
      try {
        o.valueOf(v);
      } catch (IllegalArgumentException e) {
        throw new StartupException(flag + ": " + e.getMessage());
      }
      values.put(o.name(), v);
    }
    return new CollectorSettings(mode, values);
  }

  ToolPaths toolPaths() throws StartupException {
    Map<String, String> paths = new LinkedHashMap<>();
    for (Tool t : registry.tools()) {
      String v = spec.findOption(t.flag()).getValue();
      // Relative paths would depend on the working directory (and $PATH lookups are what paths
      // avoid).
      if (v == null || !v.startsWith("/") || v.contains("\0")) {
        throw new StartupException(t.flag() + ": must be an absolute path, got '" + v + "'");
      }
      paths.put(t.name(), v);
    }
    return new ToolPaths(paths);
  }
}
