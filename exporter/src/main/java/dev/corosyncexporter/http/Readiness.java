package dev.corosyncexporter.http;

/**
 * Whether the exporter has something meaningful to serve yet. {@code /-/ready} answers 503 until it
 * has, so an orchestrator does not route scrapes to an instance whose first answers would be empty.
 */
@FunctionalInterface
public interface Readiness {

  boolean isReady();

  /** A few words for the 503 body, saying what is awaited. */
  default String notReadyReason() {
    return "the first collection has not finished yet";
  }
}
