package dev.corosyncexporter.ssh;

/** A session could not be established; the message is complete and safe to show and log. */
final class SshConnectException extends Exception {
  SshConnectException(String message) {
    super(message);
  }
}
