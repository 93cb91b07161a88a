package dev.corosyncexporter.parse;

import dev.corosyncexporter.command.ToolText;
import dev.corosyncexporter.parse.PveReadReply.Frame;
import dev.corosyncexporter.parse.PveReadReply.Status;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the reply of the SSH wrapper's pve_read (the format is described in
 * packaging/ssh-command-wrapper): a first line, frames of "KIND PATH STATUS LENGTH\n", LENGTH bytes
 * and "\n", and a last line "end". Never throws: whatever cannot be read as a frame ends the reply
 * there, and the frames before it stand. A frame whose length holds but whose content does not (bad
 * hex) costs only itself.
 */
public final class PveReadReplyParser {
  static final String FIRST_LINE = "corosync-exporter-pve-read 1";
  static final String LAST_LINE = "end";

  /** A header names a path of the wrapper's (at most /etc/pve/nodes/ + 63 + /lrm_status). */
  private static final int MAX_HEADER_BYTES = 200;

  /** No frame is longer than the reply may be (the wrapper keeps it within 2 MiB). */
  private static final Pattern HEADER =
      Pattern.compile(
          "(exists|dir|mode|file) (/[!-~]{1,120}) (yes|no|ok|hex|absent|toolarge|error)"
              + " (0|[1-9][0-9]{0,7})");

  private PveReadReplyParser() {}

  /**
   * @param stdout the reply as the runner decoded it (UTF-8): pve_read sends only well-formed UTF-8
   *     (a file that is not goes as hex), so encoding it again gives back its bytes and lengths
   */
  public static PveReadReply parse(String stdout) {
    byte[] b = stdout.getBytes(StandardCharsets.UTF_8);
    Map<String, Frame> frames = new LinkedHashMap<>();
    int[] at = {0};
    String first = line(b, at);
    if (first == null || !first.equals(FIRST_LINE)) {
      return new PveReadReply(
          frames,
          b.length == 0
              ? "empty reply"
              : "not a pve-read reply (first line "
                  + ToolText.forLog(first == null ? head(b) : first)
                  + ")");
    }
    while (true) {
      String header = line(b, at);
      if (header == null) {
        return new PveReadReply(
            frames,
            at[0] == b.length
                ? "reply ends after " + frames.size() + " frames"
                : "garbled frame header after " + frames.size() + " frames");
      }
      if (header.equals(LAST_LINE)) {
        return new PveReadReply(frames, at[0] == b.length ? "" : "data after the end of the reply");
      }
      Matcher m = HEADER.matcher(header);
      if (!m.matches() || !fits(m.group(1), m.group(3))) {
        return new PveReadReply(
            frames,
            "garbled frame header after " + frames.size() + " frames: " + ToolText.forLog(header));
      }
      int length = Integer.parseInt(m.group(4));
      String key = PveReadReply.key(m.group(1), m.group(2));
      if (length > b.length - at[0] - 1 || b[at[0] + length] != '\n') {
        return new PveReadReply(frames, "frame of " + key + " is torn (" + length + " bytes)");
      }
      if (frames.containsKey(key)) {
        return new PveReadReply(frames, "frame of " + key + " twice");
      }
      String content = new String(b, at[0], length, StandardCharsets.UTF_8);
      at[0] += length + 1;
      frames.put(key, frame(m.group(1), m.group(2), m.group(3), content));
    }
  }

  /** Whether the status is one that kind of question has. */
  private static boolean fits(String kind, String status) {
    return switch (kind) {
      case "exists", "dir" -> status.equals("yes") || status.equals("no");
      case "mode" -> status.equals("ok") || status.equals("absent") || status.equals("error");
      default -> !status.equals("yes") && !status.equals("no");
    };
  }

  private static Frame frame(String kind, String path, String status, String content) {
    return switch (status) {
      case "yes" -> new Frame(kind, path, Status.YES, "");
      case "no" -> new Frame(kind, path, Status.NO, "");
      case "absent" -> new Frame(kind, path, Status.ABSENT, "");
      case "toolarge" -> new Frame(kind, path, Status.TOO_LARGE, "");
      case "error" -> new Frame(kind, path, Status.ERROR, ToolText.forLog(content));
      case "hex" -> fromHex(kind, path, content);
      default -> new Frame(kind, path, Status.OK, content);
    };
  }

  /** Bytes that are not UTF-8, decoded as a local read decodes them (malformed input replaced). */
  private static Frame fromHex(String kind, String path, String hex) {
    try {
      byte[] bytes = HexFormat.of().parseHex(hex);
      return new Frame(kind, path, Status.OK, new String(bytes, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return new Frame(kind, path, Status.ERROR, "garbled hex in the reply");
    }
  }

  /** The next line without its newline, or null when there is no whole line (of a sane length). */
  private static String line(byte[] b, int[] at) {
    int end = Math.min(b.length, at[0] + MAX_HEADER_BYTES + 1);
    for (int i = at[0]; i < end; i++) {
      if (b[i] == '\n') {
        String s = new String(b, at[0], i - at[0], StandardCharsets.UTF_8);
        at[0] = i + 1;
        return s;
      }
    }
    return null;
  }

  private static String head(byte[] b) {
    return new String(b, 0, Math.min(b.length, MAX_HEADER_BYTES), StandardCharsets.UTF_8);
  }
}
