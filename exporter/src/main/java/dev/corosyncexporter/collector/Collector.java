package dev.corosyncexporter.collector;

import java.util.Optional;

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

  /**
   * Whether what it asks can only be reached on the node itself (a kept-open connection, a daemon's
   * unix socket): central mode refuses such a choice at start-up.
   */
  default boolean localOnly() {
    return usesCorosyncConnection();
  }

  /**
   * Where it gets its data, as its {@code source} option writes it ({@code
   * corosync_exporter_collector_source}); empty for a collector without a choice.
   */
  default Optional<String> source() {
    return Optional.empty();
  }
}
