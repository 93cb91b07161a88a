package dev.corosyncexporter.collector;

/**
 * One source of metrics, switchable with --collector.NAME / --no-collector.NAME. A collector either
 * adds its samples or throws; it never adds half and then throws (build everything, then add). Its
 * name is its {@link CollectorSpec}'s, and only there.
 */
public interface Collector {

  void collect(CollectorContext context, SampleSink sink) throws CollectionException;

  /**
   * Whether it asks corosync over the kept-open client-library connections (local mode only) rather
   * than running tools.
   */
  default boolean usesCorosyncConnection() {
    return false;
  }
}
