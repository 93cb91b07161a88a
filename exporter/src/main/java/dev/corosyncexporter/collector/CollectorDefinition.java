package dev.corosyncexporter.collector;

/**
 * How a collector registers itself: a class in the collector's own file, annotated
 * {@code @AutoService(CollectorDefinition.class)}, with a public no-argument constructor. {@link
 * CollectorRegistry} finds every one on the class path; nothing else lists collectors.
 */
public interface CollectorDefinition {

  CollectorSpec spec();

  /** A collector with these settings; called once at start-up. */
  Collector create(CollectorSettings settings);
}
