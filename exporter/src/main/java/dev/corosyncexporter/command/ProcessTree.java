package dev.corosyncexporter.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tool and everything it starts, so that all of it can be killed together.
 *
 * <p>Three marks find the members, from cheap to thorough:
 *
 * <ol>
 *   <li>The tool runs in a session of its own ({@code /usr/bin/setsid}, util-linux, on every
 *       Debian): its children and their process groups stay in that session, and no longer belong
 *       to the exporter's, so a kill never reaches the exporter and a re-parented child is still
 *       found.
 *   <li>A child that calls setsid itself leaves the session, but keeps the environment: every tool
 *       gets a unique {@value #COOKIE} (the idea of Jenkins' ProcessTreeKiller).
 *   <li>A child that also clears its environment ({@code setsid env -i ...}) still holds the tool's
 *       stdout or stderr if it is what keeps a run waiting: the inodes of those pipes are noted
 *       right after start, and a process holding the write end of one of them is a member too.
 *       (Noted from the tool's /proc entry, so a tool that is gone within microseconds of its start
 *       escapes this last net; no corosync tool is that fast, they all talk to corosync first.)
 * </ol>
 *
 * <p>Finding members scans /proc, so it is done only when something is wrong (a deadline, pipes
 * still open after the tool exited, an over-long output, closing a watcher); the normal path costs
 * one exec of setsid and two readlinks. A cgroup per tool would be tighter still, but needs
 * delegation from systemd and write access to cgroupfs, which ProtectControlGroups=yes denies.
 */
final class ProcessTree {
  /** The environment variable that marks every process started for one tool run. */
  static final String COOKIE = "COROSYNC_EXPORTER_RUN";

  static final String SETSID = "/usr/bin/setsid";

  /**
   * Without setsid (not Debian) the tool shares the exporter's session; cookie and pipes still find
   * it.
   */
  private static final boolean HAVE_SETSID = Files.isExecutable(Path.of(SETSID));

  /**
   * Distinguishes this JVM from another exporter whose pid, in another pid namespace, is the same.
   */
  private static final String JVM_TOKEN =
      ProcessHandle.current().pid()
          + "-"
          + Long.toHexString(new SecureRandom().nextLong() & Long.MAX_VALUE);

  private static final byte[] ANY_COOKIE = ("\0" + COOKIE + "=").getBytes(StandardCharsets.UTF_8);
  private static final AtomicLong OWNERS = new AtomicLong();
  private static final AtomicLong RUNS = new AtomicLong();
  private static final long SELF = ProcessHandle.current().pid();

  /** Kill rounds before giving up on a tool that forks as fast as it is killed. */
  private static final int MAX_KILL_ROUNDS = 20;

  private final Process process;
  private final String cookie;
  private final Set<String> pipes;

  private ProcessTree(Process process, String cookie, Set<String> pipes) {
    this.process = process;
    this.cookie = cookie;
    this.pipes = pipes;
  }

  /**
   * A fresh prefix for the cookies of one owner (a runner), so that it can kill all its tools at
   * once.
   */
  static String newOwner() {
    return JVM_TOKEN + "-" + OWNERS.incrementAndGet() + ".";
  }

  /**
   * Starts {@code pb}'s command in a session of its own, marked with a cookie under {@code owner}.
   * The child's pid is the tool's: setsid forks only when it already leads a process group, which a
   * child of the JVM never does ({@code --wait} keeps the exit status right should it ever fork).
   */
  static ProcessTree start(ProcessBuilder pb, String owner) throws IOException {
    String cookie = owner + RUNS.incrementAndGet();
    pb.environment().put(COOKIE, cookie);
    if (HAVE_SETSID) {
      List<String> argv = new ArrayList<>(pb.command().size() + 2);
      argv.add(SETSID);
      argv.add("--wait");
      argv.addAll(pb.command());
      pb.command(argv);
    }
    Process p = pb.start();
    return new ProcessTree(p, cookie, pipesOf(p.pid()));
  }

  Process process() {
    return process;
  }

  /** setsid's own words when it could not exec the tool: the tool is missing or not executable. */
  static boolean isSetsidExecFailure(int exitCode, String stderr) {
    return HAVE_SETSID
        && (exitCode == 126 || exitCode == 127)
        && stderr.startsWith("setsid: failed to execute ");
  }

  /**
   * SIGKILLs the tool and every process of its tree (see the class comment), in rounds until none
   * is left, so that one forked between scan and kill is caught by the next round. Returns how many
   * processes other than the tool itself were killed.
   */
  int killAll() {
    process.destroyForcibly();
    return killMatching(cookie, process.pid(), pipes);
  }

  /**
   * Kills every process carrying a cookie under {@code owner}: what a closed runner leaves is
   * nothing.
   */
  static int killOwned(String owner) {
    return killMatching(owner, -1, Set.of());
  }

  private static int killMatching(String cookieOrPrefix, long session, Set<String> pipes) {
    byte[] mark = ("\0" + COOKIE + "=" + cookieOrPrefix).getBytes(StandardCharsets.UTF_8);
    boolean exact = !cookieOrPrefix.endsWith(".");
    Set<Long> killed = new HashSet<>();
    for (int round = 0; round < MAX_KILL_ROUNDS; round++) {
      List<Long> found = scan(mark, exact, session, pipes);
      if (found.isEmpty()) {
        break;
      }
      for (long pid : found) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        killed.add(pid);
      }
      pause();
    }
    killed.remove(session);
    return killed.size();
  }

  private static List<Long> scan(byte[] mark, boolean exact, long session, Set<String> pipes) {
    List<Long> found = new ArrayList<>();
    try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"))) {
      for (Path dir : proc) {
        long pid = pidOf(dir);
        if (pid > 0 && pid != SELF && isMember(dir, mark, exact, session, pipes)) {
          found.add(pid);
        }
      }
    } catch (IOException e) {
      // no /proc: nothing more can be found than the tool itself, which is already killed
    }
    return found;
  }

  private static boolean isMember(
      Path dir, byte[] mark, boolean exact, long session, Set<String> pipes) {
    String stat;
    try {
      stat = Files.readString(dir.resolve("stat"), StandardCharsets.ISO_8859_1);
    } catch (IOException | RuntimeException e) {
      return false; // gone meanwhile
    }
    // pid (comm) state ppid pgrp session ...; comm may contain anything, so parse after the last
    // ')'.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 5);
    if (f.length < 4 || f[0].equals("Z") || f[0].equals("X")) {
      return false; // a zombie is dead already; its parent or init reaps it
    }
    byte[] env = environOf(dir);
    int cookie = indexOf(env, mark);
    if (cookie >= 0) {
      return !exact || cookie + mark.length == env.length || env[cookie + mark.length] == 0;
    }
    if (indexOf(env, ANY_COOKIE) >= 0) {
      // Another run's tool: even if it got the pid, and so the session number, of a tool that has
      // ended, it is not ours to kill.
      return false;
    }
    if (session > 0
        && (f[2].equals(Long.toString(session)) || f[3].equals(Long.toString(session)))) {
      return true;
    }
    return holdsPipe(dir, pipes);
  }

  /**
   * The process's environment with a leading NUL, so that the first entry matches like the others.
   */
  private static byte[] environOf(Path dir) {
    byte[] env;
    try {
      env = Files.readAllBytes(dir.resolve("environ"));
    } catch (IOException | RuntimeException e) {
      return new byte[0]; // another user's process, or gone
    }
    byte[] all = new byte[env.length + 1];
    System.arraycopy(env, 0, all, 1, env.length);
    return all;
  }

  /**
   * Whether the process holds the write end of one of the pipes. Never true for a child of the JVM:
   * between fork and exec, the JDK's spawn helper of another run briefly holds copies of whatever
   * pipes the JVM has open, and killing it would fail that other run. A leftover that escaped both
   * session and cookie is never the JVM's child: its parent has exited, it was re-parented.
   */
  private static boolean holdsPipe(Path dir, Set<String> pipes) {
    if (pipes.isEmpty() || isChildOfSelf(dir)) {
      return false;
    }
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(dir.resolve("fd"))) {
      for (Path fd : fds) {
        if (pipes.contains(linkOf(fd))
            && isWriteEnd(dir.resolve("fdinfo").resolve(fd.getFileName()))) {
          return true;
        }
      }
    } catch (IOException | RuntimeException e) {
      // another user's process, or gone
    }
    return false;
  }

  private static boolean isChildOfSelf(Path dir) {
    try {
      String stat = Files.readString(dir.resolve("stat"), StandardCharsets.ISO_8859_1);
      return stat.substring(stat.lastIndexOf(')') + 2).split(" ", 3)[1].equals(Long.toString(SELF));
    } catch (IOException | RuntimeException e) {
      return true; // unknown: not to be killed on this evidence
    }
  }

  /** The read end is held by the JVM itself; only a writer keeps a run's output open. */
  private static boolean isWriteEnd(Path fdinfo) {
    try {
      for (String line : Files.readAllLines(fdinfo, StandardCharsets.ISO_8859_1)) {
        if (line.startsWith("flags:")) {
          int accessMode = Integer.parseInt(line.substring(6).strip(), 8) & 3; // O_ACCMODE
          return accessMode == 1 || accessMode == 2; // O_WRONLY, O_RDWR
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone meanwhile
    }
    return false;
  }

  /** The pipes the tool writes to, "pipe:[inode]", noted while it surely still holds them. */
  private static Set<String> pipesOf(long pid) {
    Set<String> pipes = new HashSet<>(2);
    for (String fd : new String[] {"1", "2"}) {
      String link = linkOf(Path.of("/proc", Long.toString(pid), "fd", fd));
      if (link.startsWith("pipe:")) {
        pipes.add(link);
      }
    }
    return Set.copyOf(pipes);
  }

  private static String linkOf(Path fd) {
    try {
      return Files.readSymbolicLink(fd).toString();
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static long pidOf(Path dir) {
    String name = dir.getFileName().toString();
    for (int i = 0; i < name.length(); i++) {
      if (!Character.isDigit(name.charAt(i))) {
        return -1;
      }
    }
    return name.isEmpty() ? -1 : Long.parseLong(name);
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
