package dev.corosyncexporter.app;

/** The exporter cannot start as configured; the message says why and names the flag or key. */
final class StartupException extends Exception {
  StartupException(String message) {
    super(message);
  }

  StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
