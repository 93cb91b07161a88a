package dev.corosyncexporter.collector;

import java.util.function.Function;

/**
 * How a collector registers itself: in the collector's own file, a nested class annotated
 * {@code @AutoService(CollectorDefinition.class)} with a public no-argument constructor that hands
 * {@link Base} the collector's spec and how to build it:
 *
 * <pre>{@code
 * @AutoService(CollectorDefinition.class)
 * public static final class Definition extends CollectorDefinition.Base {
 *   public Definition() {
 *     super(SPEC, settings -> new LinksCollector(settings.get(SOURCE)));
 *   }
 * }
 * }</pre>
 *
 * {@link CollectorRegistry} finds every one on the class path; nothing else lists collectors.
 */
public interface CollectorDefinition {

  CollectorSpec spec();

  /** A collector with these settings; called once at start-up. */
  Collector create(CollectorSettings settings);

  /**
   * The one implementation collectors need, so that each states only what differs (its spec and its
   * constructor call) rather than the same two overrides again.
   */
  abstract class Base implements CollectorDefinition {
    private final CollectorSpec spec;
    private final Function<CollectorSettings, Collector> factory;

    protected Base(CollectorSpec spec, Function<CollectorSettings, Collector> factory) {
      this.spec = spec;
      this.factory = factory;
    }

    @Override
    public final CollectorSpec spec() {
      return spec;
    }

    @Override
    public final Collector create(CollectorSettings settings) {
      return factory.apply(settings);
    }
  }
}
