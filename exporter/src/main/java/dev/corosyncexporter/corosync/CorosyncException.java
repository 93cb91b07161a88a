package dev.corosyncexporter.corosync;

/** A corosync client call that did not give an answer; the message says which call and why. */
public final class CorosyncException extends Exception {
  private static final long serialVersionUID = 1L;

  private final boolean unanswered;

  public CorosyncException(String message) {
    this(message, false);
  }

  /**
   * @param unanswered corosync gave this connection no answer in time (the call, or an earlier one
   *     still waiting)
   */
  CorosyncException(String message, boolean unanswered) {
    super(message);
    this.unanswered = unanswered;
  }

  /**
   * Whether corosync left a call on this kept-open connection unanswered. Seen on the lab while a
   * membership cannot form (asymmetric paths): corosync stops answering the connections it has, for
   * minutes, while a new connection (a tool's) is answered at once. A collector then asks with its
   * tool for that scrape.
   */
  public boolean unanswered() {
    return unanswered;
  }

  public CorosyncException(String message, Throwable cause) {
    super(message, cause);
    this.unanswered = false;
  }

  static CorosyncException of(String call, int code) {
    return new CorosyncException(call + ": " + CsError.name(code));
  }
}
