package dev.corosyncexporter.collector;

import dev.corosyncexporter.command.CommandResult;
import dev.corosyncexporter.parse.ParseException;

/** Why a collector produced nothing this scrape; the message is what the log line says. */
public final class CollectionException extends Exception {

  public CollectionException(String message) {
    super(message);
  }

  public CollectionException(String message, Throwable cause) {
    super(message, cause);
  }

  public static CollectionException of(CommandResult result) {
    return new CollectionException(result.describe());
  }

  public static CollectionException of(CommandResult result, ParseException e) {
    return new CollectionException(
        String.join(" ", result.argv()) + ": unparseable output: " + e.getMessage(), e);
  }
}
