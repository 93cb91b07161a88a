package dev.corosyncexporter.corosync;

/** A corosync client call that did not give an answer; the message says which call and why. */
public final class CorosyncException extends Exception {
  private static final long serialVersionUID = 1L;

  public CorosyncException(String message) {
    super(message);
  }

  public CorosyncException(String message, Throwable cause) {
    super(message, cause);
  }

  static CorosyncException of(String call, int code) {
    return new CorosyncException(call + ": " + CsError.name(code));
  }
}
