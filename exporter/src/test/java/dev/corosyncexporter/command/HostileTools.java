package dev.corosyncexporter.command;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The fake tools of src/test/resources/hostile-tools, and what a test needs to see that they left
 * nothing behind. Every tool exports HOSTILE_MARKER="$1 $0" before anything else, so every process
 * it starts (even one in a session of its own with a cleared environment, which keeps only the
 * marker) is found by the marker the test passes, independently of how the runner finds them.
 */
public final class HostileTools {
  private HostileTools() {}

  public static String path(String name) {
    try {
      File f = new File(HostileTools.class.getResource("/hostile-tools/" + name).toURI());
      // Resources are copied without their mode on some platforms; the tools must be executable.
      f.setExecutable(true);
      return f.getAbsolutePath();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String newMarker() {
    return "hostile-" + UUID.randomUUID();
  }

  /** Live (not zombie) processes whose environment holds HOSTILE_MARKER=marker. */
  public static List<Long> processesMarked(String marker) {
    // The tools append their own path: a run of the tests in another checkout is not counted.
    String toolsDir = new File(path("sleeping")).getParent();
    byte[] needle =
        ("HOSTILE_MARKER=" + marker + " " + toolsDir + "/").getBytes(StandardCharsets.UTF_8);
    List<Long> found = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
      for (Path dir : (Iterable<Path>) dirs::iterator) {
        String name = dir.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String stat = Files.readString(dir.resolve("stat"), StandardCharsets.ISO_8859_1);
          char state = stat.charAt(stat.lastIndexOf(')') + 2);
          if (state != 'Z'
              && state != 'X'
              && contains(Files.readAllBytes(dir.resolve("environ")), needle)) {
            found.add(Long.parseLong(name));
          }
        } catch (IOException | RuntimeException gone) {
          // exited meanwhile
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return found;
  }

  private static boolean contains(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
