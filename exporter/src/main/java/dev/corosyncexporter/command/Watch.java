package dev.corosyncexporter.command;

/**
 * A long-running command started by {@link CommandRunner#watch}: alive until it exits or is closed.
 */
public interface Watch extends AutoCloseable {

  boolean isAlive();

  /** Stops the command; never throws. */
  @Override
  void close();
}
