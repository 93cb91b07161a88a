package dev.corosyncexporter.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The socket query against a daemon on a real unix-domain socket that the test controls ({@link
 * FakeDaemon}): what it sends, and each way a reply can end. The replies come from the same
 * fixtures the parsers are tested on (recorded from the tools on the lab), since the daemon sends
 * exactly what its tool prints.
 */
class DaemonSocketTest {
  private static final Duration ENOUGH = Duration.ofSeconds(30);

  @TempDir Path dir;

  private Path sock() {
    return dir.resolve("daemon.sock");
  }

  private DaemonReply ask(DaemonRequest request, Duration timeout) {
    return new DaemonSocket(sock()).ask(request, timeout);
  }

  @Test
  void requestsAreExactlyTheToolsBytes() {
    // corosync-qdevice-tool -sv, corosync-qnetd-tool -s and -lv: each word followed by a space,
    // then the newline; no NUL (the research note on the tools' store_command and fprintf "%s").
    assertThat(new String(DaemonRequest.QDEVICE_STATUS_VERBOSE.bytes(), StandardCharsets.US_ASCII))
        .isEqualTo("status verbose \n");
    assertThat(new String(DaemonRequest.QNETD_STATUS.bytes(), StandardCharsets.US_ASCII))
        .isEqualTo("status \n");
    assertThat(new String(DaemonRequest.QNETD_LIST_VERBOSE.bytes(), StandardCharsets.US_ASCII))
        .isEqualTo("list verbose \n");
  }

  @Test
  void noRequestCanShutTheDaemonDown() {
    // The daemons match their first word case-insensitively; "shutdown" makes them exit cleanly.
    for (DaemonRequest r : DaemonRequest.values()) {
      String firstWord = new String(r.bytes(), StandardCharsets.US_ASCII).strip().split(" ")[0];
      assertThat(firstWord.toLowerCase(Locale.ROOT)).as(r.name()).isIn("status", "list");
    }
  }

  @ParameterizedTest
  @EnumSource(DaemonRequest.class)
  void okReplyGivesTheToolsTextAndTheDaemonGetsExactlyTheRequest(DaemonRequest request)
      throws Exception {
    String body =
        switch (request) {
          case QDEVICE_STATUS_VERBOSE -> fixture("qdevice-tool-sv-connected");
          case QNETD_STATUS -> fixture("qnetd-tool-sv-2n-healthy");
          case QNETD_LIST_VERBOSE -> fixture("qnetd-tool-lv-2n-healthy");
        };
    try (FakeDaemon daemon = FakeDaemon.replying(sock(), "OK\n" + body)) {
      DaemonReply reply = ask(request, ENOUGH);
      assertThat(reply.outcome()).as(reply.describe()).isEqualTo(DaemonReply.Outcome.OK);
      assertThat(reply.text()).isEqualTo(body);
      assertThat(daemon.requests()).hasSize(1);
      assertThat(daemon.requests().get(0)).isEqualTo(request.bytes());
    }
  }

  @Test
  void statusLineIsReadAsTheToolReadsIt() throws Exception {
    // The tool drops \r and ignores case; an empty body (qnetd's list without clusters) is OK.
    try (FakeDaemon daemon = FakeDaemon.replying(sock(), "ok\r\n")) {
      DaemonReply reply = ask(DaemonRequest.QNETD_LIST_VERBOSE, ENOUGH);
      assertThat(reply.outcome()).isEqualTo(DaemonReply.Outcome.OK);
      assertThat(reply.text()).isEmpty();
    }
  }

  @Test
  void errorReplyCarriesTheDaemonsMessage() throws Exception {
    try (FakeDaemon daemon = FakeDaemon.replying(sock(), "Error\nCan't get QDevice status\n")) {
      DaemonReply reply = ask(DaemonRequest.QDEVICE_STATUS_VERBOSE, ENOUGH);
      assertThat(reply.outcome()).isEqualTo(DaemonReply.Outcome.DAEMON_ERROR);
      assertThat(reply.text()).isEqualTo("Can't get QDevice status");
      assertThat(reply.describe())
          .isEqualTo(
              sock() + " \"status verbose\": the daemon answered Error: Can't get QDevice status");
    }
  }

  @Test
  void emptyReplyIsAFailureNotAnEmptyAnswer() throws Exception {
    // What the daemons do at their limit of IPC clients: accept, close at once. The tool then
    // prints nothing and exits 0.
    try (FakeDaemon daemon = FakeDaemon.replying(sock(), "")) {
      DaemonReply reply = ask(DaemonRequest.QDEVICE_STATUS_VERBOSE, ENOUGH);
      assertThat(reply.outcome()).isEqualTo(DaemonReply.Outcome.FAILED);
      assertThat(reply.text()).contains("closed the connection without a reply");
    }
  }

  @Test
  void statusLineNeitherOkNorErrorIsAFailure() throws Exception {
    try (FakeDaemon daemon = FakeDaemon.replying(sock(), "HTTP/1.1 200 OK\n\u001b[2Jbody\n")) {
      DaemonReply reply = ask(DaemonRequest.QNETD_STATUS, ENOUGH);
      assertThat(reply.outcome()).isEqualTo(DaemonReply.Outcome.FAILED);
      assertThat(reply.text())
          .isEqualTo("the status line is neither OK nor Error: HTTP/1.1 200 OK");
    }
  }

  @Test
  void replyWithoutANewlineIsAFailure() throws Exception {
    try (FakeDaemon daemon = FakeDaemon.replying(sock(), "OK")) {
      DaemonReply reply = ask(DaemonRequest.QNETD_STATUS, ENOUGH);
      assertThat(reply.outcome()).isEqualTo(DaemonReply.Outcome.FAILED);
      assertThat(reply.text()).startsWith("the reply has no status line: OK");
    }
  }

  @Test
  void replyUpToTheDaemonsLimitIsTakenOneByteMoreIsAFailure() throws Exception {
    int cap = DaemonRequest.QDEVICE_STATUS_VERBOSE.maxReplyBytes();
    assertThat(cap).isEqualTo(65536);
    String fits = "OK\n" + "x".repeat(cap - 3);
    try (FakeDaemon daemon = FakeDaemon.replying(sock(), fits)) {
      DaemonReply reply = ask(DaemonRequest.QDEVICE_STATUS_VERBOSE, ENOUGH);
      assertThat(reply.outcome()).isEqualTo(DaemonReply.Outcome.OK);
      assertThat(reply.text()).hasSize(cap - 3);
    }
    try (FakeDaemon daemon = FakeDaemon.replying(sock(), fits + "x")) {
      DaemonReply reply = ask(DaemonRequest.QDEVICE_STATUS_VERBOSE, ENOUGH);
      assertThat(reply.outcome()).isEqualTo(DaemonReply.Outcome.FAILED);
      assertThat(reply.text()).isEqualTo("the reply exceeded 65536 bytes");
    }
  }

  @Test
  void qnetdRepliesAreCappedAsTheToolPathsStdout() throws Exception {
    int cap = DaemonRequest.QNETD_LIST_VERBOSE.maxReplyBytes();
    assertThat(cap).isEqualTo(2 * 1024 * 1024);
    try (FakeDaemon daemon = FakeDaemon.replying(sock(), "OK\n" + "y".repeat(cap))) {
      DaemonReply reply = ask(DaemonRequest.QNETD_LIST_VERBOSE, ENOUGH);
      assertThat(reply.outcome()).isEqualTo(DaemonReply.Outcome.FAILED);
      assertThat(reply.text()).isEqualTo("the reply exceeded " + cap + " bytes");
    }
  }

  /**
   * A daemon that takes the request and never answers (stopped, or stuck in a call into a frozen
   * corosync): the time allowed ends the wait, on the caller's thread, and nothing is left open.
   */
  @Test
  void daemonThatNeverAnswersEndsAtTheTimeAllowedAndLeavesNothingOpen() throws Exception {
    try (FakeDaemon warmUp = FakeDaemon.replying(sock(), "OK\n")) {
      ask(DaemonRequest.QDEVICE_STATUS_VERBOSE, ENOUGH); // classes loaded, lazy descriptors made
    }
    long fds = openFds();
    int threads = Thread.activeCount();
    FakeDaemon daemon = FakeDaemon.start(sock(), (client, request) -> false);
    try {
      for (int i = 0; i < 5; i++) {
        DaemonReply reply = ask(DaemonRequest.QDEVICE_STATUS_VERBOSE, Duration.ofMillis(100));
        assertThat(reply.outcome()).isEqualTo(DaemonReply.Outcome.TIMED_OUT);
        assertThat(reply.describe())
            .contains("timed out after")
            .contains("the daemon took the request but did not answer");
      }
      assertThat(daemon.requests()).hasSize(5);
      assertThat(daemon.heldClosedByClient()).as("connections the client closed").isEqualTo(5);
    } finally {
      daemon.close(); // its ends of the connections it held, its socket and its thread
    }
    // At most: in a full test run, what earlier tests left is closed by the GC meanwhile. A call
    // that left its socket, selector or wakeup open would add 1 to 3 each time.
    assertThat(openFds()).as("descriptors").isLessThanOrEqualTo(fds);
    assertThat(Thread.activeCount()).as("threads").isLessThanOrEqualTo(threads);
  }

  /** A daemon that accepts nothing (SIGSTOP): the kernel queues the connection, nobody answers. */
  @Test
  void daemonThatAcceptsNothingTimesOut() throws Exception {
    try (ServerSocketChannel stopped = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      stopped.bind(UnixDomainSocketAddress.of(sock()), 5);
      DaemonReply reply = ask(DaemonRequest.QDEVICE_STATUS_VERBOSE, Duration.ofMillis(100));
      assertThat(reply.outcome()).isEqualTo(DaemonReply.Outcome.TIMED_OUT);
    }
  }

  /**
   * Once its listen backlog is full (the daemons' is 10), connecting fails at once rather than
   * waiting for the deadline: a daemon that accepts nothing costs no scrape its full time.
   */
  @Test
  void fullBacklogFailsAtOnce() throws Exception {
    List<SocketChannel> queued = new ArrayList<>();
    try (ServerSocketChannel stopped = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      stopped.bind(UnixDomainSocketAddress.of(sock()), 1);
      DaemonReply reply;
      // Fill it: Linux queues backlog + 1 before refusing.
      while ((reply = ask(DaemonRequest.QDEVICE_STATUS_VERBOSE, Duration.ofMillis(1))).outcome()
              == DaemonReply.Outcome.TIMED_OUT
          && queued.size() < 10) {
        SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
        c.connect(UnixDomainSocketAddress.of(sock()));
        queued.add(c);
      }
      // Long enough that a wait for the deadline would show as TIMED_OUT, not FAILED.
      reply = ask(DaemonRequest.QDEVICE_STATUS_VERBOSE, ENOUGH);
      assertThat(reply.outcome()).as(reply.describe()).isEqualTo(DaemonReply.Outcome.FAILED);
      assertThat(reply.text()).contains("a full listen backlog");
    } finally {
      for (SocketChannel c : queued) {
        c.close();
      }
    }
  }

  @Test
  void noSocketMeansNotRunning() {
    DaemonReply reply = ask(DaemonRequest.QDEVICE_STATUS_VERBOSE, ENOUGH);
    assertThat(reply.outcome()).isEqualTo(DaemonReply.Outcome.NOT_RUNNING);
    assertThat(reply.describe()).endsWith(": corosync-qdevice is not running (no socket)");
    // Its runtime directory gone too (never started since boot).
    DaemonReply noDir =
        new DaemonSocket(dir.resolve("corosync-qdevice/corosync-qdevice.sock"))
            .ask(DaemonRequest.QDEVICE_STATUS_VERBOSE, ENOUGH);
    assertThat(noDir.outcome()).isEqualTo(DaemonReply.Outcome.NOT_RUNNING);
  }

  @Test
  void socketLeftByAKilledDaemonMeansNotRunning() throws Exception {
    // Closed without unlinking, as after SIGKILL: the file is there, nothing listens.
    ServerSocketChannel gone = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    gone.bind(UnixDomainSocketAddress.of(sock()));
    gone.close();
    assertThat(sock()).exists();
    DaemonReply reply = ask(DaemonRequest.QNETD_STATUS, ENOUGH);
    assertThat(reply.outcome()).as(reply.describe()).isEqualTo(DaemonReply.Outcome.NOT_RUNNING);
  }

  /**
   * The daemons' socket is 0755 (no write for others) in a 0770 directory: connect needs write on
   * the socket and search on the directory. Root passes both, so as root the query runs in a JVM of
   * its own as nobody; as another user the test itself is refused.
   */
  @Test
  void socketThatRefusesThisUserIsRefusedNotDown() throws Exception {
    Path open = Files.createTempDirectory(Path.of("/tmp"), "daemon-socket-test");
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path closedDir = Files.createDirectory(open.resolve("run"));
    try (FakeDaemon noWrite = FakeDaemon.replying(open.resolve("d.sock"), "OK\n");
        FakeDaemon noSearch = FakeDaemon.replying(closedDir.resolve("d.sock"), "OK\n")) {
      Files.setPosixFilePermissions(noWrite.path(), PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.setPosixFilePermissions(closedDir, PosixFilePermissions.fromString("rwxrwx---"));
      for (Path p : List.of(noWrite.path(), noSearch.path())) {
        String seen = askAsAnotherUser(p);
        assertThat(seen).as(p.toString()).startsWith("REFUSED cannot connect: ");
      }
      assertThat(noWrite.requests()).isEmpty();
    } finally {
      try (Stream<Path> s = Files.walk(open)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String askAsAnotherUser(Path socket) throws Exception {
    if (!"root".equals(System.getProperty("user.name"))) {
      DaemonReply reply =
          new DaemonSocket(socket).ask(DaemonRequest.QDEVICE_STATUS_VERBOSE, ENOUGH);
      return reply.outcome() + " " + reply.text();
    }
    Path setpriv = Path.of("/usr/bin/setpriv");
    assumeTrue(Files.isExecutable(setpriv), "setpriv (util-linux) to run as nobody");
    // Only the project's own classes, which nobody can read (the Maven repository under /root is
    // not readable by others, and the query needs nothing from it).
    String classPath =
        Stream.of(System.getProperty("java.class.path").split(":"))
            .filter(p -> p.endsWith("/target/classes") || p.endsWith("/target/test-classes"))
            .reduce((a, b) -> a + ":" + b)
            .orElseThrow();
    Process p =
        new ProcessBuilder(
                setpriv.toString(),
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:off",
                "-cp",
                classPath,
                AskMain.class.getName(),
                socket.toString(),
                DaemonRequest.QDEVICE_STATUS_VERBOSE.name())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor()).as(out).isZero();
    return out;
  }

  private static long openFds() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  private static String fixture(String name) throws IOException {
    try (var in = DaemonSocketTest.class.getResourceAsStream("/fixtures/" + name + ".out")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
