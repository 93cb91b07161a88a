package dev.corosyncexporter.parse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the SSH wrapper's pve_read answered (packaging/ssh-command-wrapper): one frame per question
 * it was asked, in the order it answered them. A reply that was cut (the command timed out or
 * failed, or a frame was garbled) holds the frames before the cut, and {@code cut} says why the
 * rest is missing.
 *
 * @param frames by {@link #key kind and path}
 * @param cut empty when the reply was whole; otherwise why it ends where it does (fit for a log)
 */
public record PveReadReply(Map<String, Frame> frames, String cut) {

  public PveReadReply {
    frames = new LinkedHashMap<>(frames);
  }

  /** How pve_read answered one question. */
  public enum Status {
    /** exists, dir: yes. */
    YES,
    /** exists, dir: no. */
    NO,
    /** mode, file: the text is the answer (a file's bytes decoded as UTF-8; octal mode bits). */
    OK,
    /** mode, file: no such file. */
    ABSENT,
    /** file: more than pmxcfs's limit. */
    TOO_LARGE,
    /** mode, file: the text is the reason (fit for a log). */
    ERROR
  }

  /**
   * @param kind exists, dir, mode or file
   * @param text the file's text or mode bits for {@link Status#OK}, the reason for {@link
   *     Status#ERROR}, else empty
   */
  public record Frame(String kind, String path, Status status, String text) {}

  public static String key(String kind, String path) {
    return kind + " " + path;
  }

  public Optional<Frame> frame(String kind, String path) {
    return Optional.ofNullable(frames.get(key(kind, path)));
  }
}
