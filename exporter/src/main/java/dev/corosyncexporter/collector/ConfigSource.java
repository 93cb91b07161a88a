package dev.corosyncexporter.collector;

import dev.corosyncexporter.parse.CorosyncConfig;

/** Where a scrape gets the running configuration from. */
public interface ConfigSource extends AutoCloseable {

  CorosyncConfig load() throws CollectionException;

  @Override
  default void close() {}
}
