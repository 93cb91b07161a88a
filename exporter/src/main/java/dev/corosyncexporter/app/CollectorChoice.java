package dev.corosyncexporter.app;

import dev.corosyncexporter.collector.Collector;
import dev.corosyncexporter.collector.CollectorDefinition;
import dev.corosyncexporter.collector.CollectorRegistry;
import dev.corosyncexporter.collector.CollectorSelection;
import dev.corosyncexporter.collector.CollectorSettings;
import dev.corosyncexporter.collector.CollectorSpec;
import dev.corosyncexporter.collector.HostFacts;
import dev.corosyncexporter.collector.RunMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which collectors run. A flag decides where given; otherwise, in local mode, what the host runs (a
 * collector whose daemon is not installed here is not a failure, it is simply off); in central mode
 * the configuration says what each target is, so every collector of its kind is on.
 */
final class CollectorChoice {
  private CollectorChoice() {}

  /** The choice and, for the start-up log line, why each collector is on or off. */
  record Made(CollectorSelection selection, List<String> reasons) {}

  static Made local(
      CollectorRegistry registry, CollectorFlags flags, boolean disableDefaults, HostFacts host)
      throws StartupException {
    return choose(
        registry.all(),
        flags,
        disableDefaults,
        d -> d.spec().presentOn().test(host),
        d -> d.create(flags.settings(d, RunMode.LOCAL)));
  }

  /**
   * Local mode where corosync's client libraries do not load: a collector that would use the
   * connections only by default uses its tool instead (central mode's default), as if that had been
   * chosen. One chosen with a flag keeps that choice, for start-up to refuse.
   */
  static Made localWithoutLibraries(
      CollectorRegistry registry, CollectorFlags flags, boolean disableDefaults, HostFacts host)
      throws StartupException {
    return choose(
        registry.all(),
        flags,
        disableDefaults,
        d -> d.spec().presentOn().test(host),
        d -> {
          CollectorSettings settings = flags.settings(d, RunMode.LOCAL);
          Collector c = d.create(settings);
          return c.usesCorosyncConnection()
              ? d.create(settings.withDefaultsOf(RunMode.CENTRAL))
              : c;
        });
  }

  static Made central(
      CollectorRegistry registry,
      CollectorFlags flags,
      boolean disableDefaults,
      CollectorSpec.Role role)
      throws StartupException {
    return choose(
        registry.withRole(role),
        flags,
        disableDefaults,
        d -> true,
        d -> d.create(flags.settings(d, RunMode.CENTRAL)));
  }

  private interface Default {
    boolean on(CollectorDefinition d);
  }

  private interface Factory {
    Collector create(CollectorDefinition d) throws StartupException;
  }

  private static Made choose(
      List<CollectorDefinition> candidates,
      CollectorFlags flags,
      boolean disableDefaults,
      Default byDefault,
      Factory factory)
      throws StartupException {
    List<CollectorSelection.Enabled> enabled = new ArrayList<>();
    List<String> disabled = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    for (CollectorDefinition d : candidates) {
      Optional<Boolean> flag = flags.explicit(d);
      boolean on;
      String why;
      if (flag.isPresent()) {
        on = flag.get();
        why = "flag";
      } else if (disableDefaults) {
        on = false;
        why = "--collector.disable-defaults";
      } else {
        on = byDefault.on(d);
        why = on ? "detected" : "not detected";
      }
      if (on) {
        enabled.add(new CollectorSelection.Enabled(d.spec(), factory.create(d)));
      } else {
        disabled.add(d.spec().name());
      }
      reasons.add(d.spec().name() + " " + (on ? "on" : "off") + " (" + why + ")");
    }
    return new Made(new CollectorSelection(enabled, disabled), reasons);
  }
}
