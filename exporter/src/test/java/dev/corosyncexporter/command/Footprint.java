package dev.corosyncexporter.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a leak shows in: the JVM's threads, its open file descriptors, its child processes; and the
 * threads whose presence alone means a tool's output outlived its run. Taken before and after many
 * runs of something, the two say whether it left anything behind.
 */
public record Footprint(
    int threads, List<String> openFiles, long descendants, List<String> suspectThreads) {

  /**
   * The JDK's "process reaper" pool keeps idle threads for 60 s: those are not counted as leaks.
   */
  public static Footprint now() {
    List<String> suspects = new ArrayList<>();
    int threads = 0;
    for (Map.Entry<Thread, StackTraceElement[]> t : Thread.getAllStackTraces().entrySet()) {
      String name = t.getKey().getName();
      String stack = List.of(t.getValue()).toString();
      if (!name.startsWith("process reaper")) {
        threads++;
      }
      // A reader of a tool's output, a watcher's reader, or a JDK reaper stuck handing over a pipe
      // that is still being read: each of them means a tool's output outlived its run.
      if (name.startsWith("command-output")
          || name.startsWith("watch-hostile")
          || stack.contains("processExited")) {
        suspects.add(name);
      }
    }
    List<String> openFiles = new ArrayList<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          openFiles.add(fd.getFileName() + " -> " + Files.readSymbolicLink(fd));
        } catch (IOException closedMeanwhile) {
          // the directory stream's own descriptor, or one closed while listing
        }
      }
      return new Footprint(
          threads, openFiles, ProcessHandle.current().descendants().count(), suspects);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The footprint once it has come down to {@code before} (threads, descriptors, no suspect), or as
   * it is after {@code within}: a connection or the JDK's process reaper may take a moment to wind
   * down; a leak does not.
   */
  public static Footprint settledTo(Footprint before, Duration within) throws InterruptedException {
    long until = System.nanoTime() + within.toNanos();
    Footprint now = now();
    while (System.nanoTime() < until
        && (now.fds() > before.fds()
            || now.threads() > before.threads()
            || !now.suspectThreads().isEmpty())) {
      Thread.sleep(100);
      now = now();
    }
    return now;
  }

  public long fds() {
    return openFiles.size();
  }

  /** For the test's log: "threads 40 -> 40, fds 12 -> 12, children 0 -> 0". */
  public String since(Footprint before) {
    return String.format(
        "threads %d -> %d, fds %d -> %d, children %d -> %d",
        before.threads, threads, before.fds(), fds(), before.descendants, descendants);
  }

  /**
   * Asserts that nothing is left since {@code before}: no suspect thread, no more threads than
   * before plus {@code spareThreads} (a pool may keep one it started meanwhile), no more file
   * descriptors (the new ones are named) and no more child processes.
   */
  public void assertNothingLeftSince(Footprint before, int spareThreads) {
    assertThat(suspectThreads).as("readers and reapers have all ended").isEmpty();
    assertThat(threads).as("threads").isLessThanOrEqualTo(before.threads + spareThreads);
    List<String> opened = new ArrayList<>(openFiles);
    opened.removeAll(before.openFiles);
    assertThat(fds())
        .as("open file descriptors, new ones: %s", opened)
        .isLessThanOrEqualTo(before.fds());
    assertThat(descendants).as("child processes").isLessThanOrEqualTo(before.descendants);
  }
}
