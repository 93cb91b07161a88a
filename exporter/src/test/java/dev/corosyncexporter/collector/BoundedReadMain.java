package dev.corosyncexporter.collector;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run by {@link PveHostileFilesTest} in a JVM of its own with a small heap: reads each path given
 * under ROOT as the collector does (or, with "unbounded", whole, as it did before the bound) and
 * prints one line per file. Exits 0 when every read ended with an answer; an OutOfMemoryError ends
 * the JVM with its message.
 */
final class BoundedReadMain {
  private BoundedReadMain() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    boolean unbounded = args[1].equals("unbounded");
    PveFiles.LocalSource source = new PveFiles.LocalSource(root);
    for (int i = 2; i < args.length; i++) {
      String path = args[i];
      if (unbounded) {
        System.out.println(
            path + ": " + Files.readAllBytes(root.resolve(path.substring(1))).length);
        continue;
      }
      try {
        System.out.println(path + ": " + source.read(path).map(String::length).orElse(-1));
      } catch (CollectionException e) {
        System.out.println(e.getMessage());
      }
    }
  }
}
