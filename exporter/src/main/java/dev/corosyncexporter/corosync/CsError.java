package dev.corosyncexporter.corosync;

/** corosync's {@code cs_error_t} (corotypes.h): the result code of every client library call. */
public final class CsError {
  public static final int OK = 1;
  public static final int LIBRARY = 2;
  public static final int TRY_AGAIN = 6;
  public static final int BAD_HANDLE = 9;
  public static final int NOT_EXIST = 12;

  private static final String[] NAMES = {
    "CS_ERR_0",
    "CS_OK",
    "CS_ERR_LIBRARY",
    "CS_ERR_VERSION",
    "CS_ERR_INIT",
    "CS_ERR_TIMEOUT",
    "CS_ERR_TRY_AGAIN",
    "CS_ERR_INVALID_PARAM",
    "CS_ERR_NO_MEMORY",
    "CS_ERR_BAD_HANDLE",
    "CS_ERR_BUSY",
    "CS_ERR_ACCESS",
    "CS_ERR_NOT_EXIST",
    "CS_ERR_NAME_TOO_LONG",
    "CS_ERR_EXIST",
    "CS_ERR_NO_SPACE",
    "CS_ERR_INTERRUPT",
    "CS_ERR_NAME_NOT_FOUND",
    "CS_ERR_NO_RESOURCES",
    "CS_ERR_NOT_SUPPORTED",
    "CS_ERR_BAD_OPERATION",
    "CS_ERR_FAILED_OPERATION",
    "CS_ERR_MESSAGE_ERROR",
    "CS_ERR_QUEUE_FULL",
    "CS_ERR_QUEUE_NOT_AVAILABLE",
    "CS_ERR_BAD_FLAGS",
    "CS_ERR_TOO_BIG",
    "CS_ERR_NO_SECTIONS",
    "CS_ERR_CONTEXT_NOT_FOUND",
  };

  private CsError() {}

  public static String name(int code) {
    if (code == 100) {
      return "CS_ERR_SECURITY";
    }
    return code >= 0 && code < NAMES.length ? NAMES[code] : "cs_error " + code;
  }

  /**
   * Whether the connection can be used again after this error. Only "not there" and "try again"
   * leave it intact; everything else (corosync gone: CS_ERR_LIBRARY, a stale handle, a garbled
   * message) means finalize and reconnect.
   */
  public static boolean keepsConnection(int code) {
    return code == OK || code == NOT_EXIST || code == TRY_AGAIN;
  }
}
