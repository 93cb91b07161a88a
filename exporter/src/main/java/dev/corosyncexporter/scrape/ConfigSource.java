package dev.corosyncexporter.scrape;

import dev.corosyncexporter.collector.CollectionException;
import dev.corosyncexporter.concurrent.Deadline;
import dev.corosyncexporter.parse.CorosyncConfig;

/** Where a scrape gets the running configuration from. */
public interface ConfigSource extends AutoCloseable {

  /** The configuration, read by {@code deadline} at the latest. */
  CorosyncConfig load(Deadline deadline) throws CollectionException;

  /**
   * Whether changes are being watched (and the configuration cached meanwhile); empty if this
   * source never watches.
   */
  default java.util.Optional<Boolean> watching() {
    return java.util.Optional.empty();
  }

  @Override
  default void close() {}
}
