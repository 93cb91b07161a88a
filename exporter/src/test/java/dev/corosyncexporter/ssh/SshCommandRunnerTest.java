package dev.corosyncexporter.ssh;

import static dev.corosyncexporter.ssh.TestSshServer.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.corosyncexporter.command.CommandResult;
import dev.corosyncexporter.command.CommandResult.Outcome;
import dev.corosyncexporter.command.CommandRunner;
import dev.corosyncexporter.command.Watch;
import dev.corosyncexporter.config.NodeTarget;
import dev.corosyncexporter.config.SshSettings;
import dev.corosyncexporter.config.TestKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshCommandRunnerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final SshRunnerOptions FAST_BACKOFF =
      SshRunnerOptions.defaults().withBackoff(Duration.ofMillis(500), Duration.ofSeconds(1));

  @TempDir Path dir;
  private TestSshServer server;
  private Path clientKey;
  private Path knownHosts;
  private final List<SshCommandRunner> runners = new ArrayList<>();

  @BeforeEach
  void startServer() throws IOException {
    clientKey = dir.resolve("id_ed25519");
    String publicKey = TestKeys.writeEd25519(clientKey);
    server = new TestSshServer(publicKey, "s3cret-Passw0rd");
    knownHosts = dir.resolve("known_hosts");
    Files.writeString(knownHosts, server.knownHostsLine() + "\n");
  }

  @AfterEach
  void stopServer() throws IOException {
    runners.forEach(SshCommandRunner::close);
    server.close();
  }

  @Test
  void returnsStdoutStderrAndExitCode() {
    server.handler =
        (cmd, io, ch) -> {
          io.print("Quorate: Yes\n");
          io.printErr("some warning\n");
          return 2;
        };
    SshCommandRunner runner = runner(settings());

    CommandResult result = runner.run(List.of("corosync-quorumtool", "-s"), TIMEOUT);

    assertThat(result.outcome()).isEqualTo(Outcome.EXITED);
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stdout()).isEqualTo("Quorate: Yes\n");
    assertThat(result.stderr()).isEqualTo("some warning\n");
    assertThat(result.argv()).containsExactly("corosync-quorumtool", "-s");
    assertThat(runner.target()).isEqualTo("ssh://monitor@127.0.0.1:" + server.port());
  }

  @Test
  void everyArgumentArrivesAsOneLiteralArgument() {
    // The server hands the command line to a real /bin/sh, as OpenSSH does with the login shell.
    server.handler =
        (cmd, io, ch) -> {
          Process p = new ProcessBuilder("/bin/sh", "-c", cmd).redirectErrorStream(true).start();
          io.out().write(p.getInputStream().readAllBytes());
          return p.waitFor();
        };
    List<String> tricky =
        List.of(
            "two words",
            "it's",
            "$(echo INJECTED)",
            "a;b",
            "\"dq\"",
            "`id`",
            "*",
            "",
            "x\ny",
            "back\\slash",
            "$HOME",
            "'");

    List<String> argv = new ArrayList<>(List.of("printf", "[%s]"));
    argv.addAll(tricky);
    CommandResult result = runner(settings()).run(argv, TIMEOUT);

    assertThat(server.commandLines)
        .containsExactly(
            "'printf' '[%s]' 'two words' 'it'\\''s' '$(echo INJECTED)' 'a;b'"
                + " '\"dq\"' '`id`' '*' '' 'x\ny' 'back\\slash' '$HOME' ''\\'''");
    assertThat(result.outcome()).isEqualTo(Outcome.EXITED);
    assertThat(result.stdout())
        .isEqualTo(String.join("", tricky.stream().map(a -> "[" + a + "]").toList()));
  }

  @Test
  void sendsEndOfInputSoToolsThatReadStdinDoNotHang() {
    server.handler =
        (cmd, io, ch) -> {
          io.out().write(io.in().readAllBytes());
          return 0;
        };

    CommandResult result = runner(settings()).run(List.of("cat"), Duration.ofSeconds(3));

    assertThat(result.outcome()).isEqualTo(Outcome.EXITED);
    assertThat(result.stdout()).isEmpty();
  }

  @Test
  void reportsAMissingExecutableAsNotFound() {
    server.handler =
        (cmd, io, ch) -> {
          io.printErr("bash: line 1: corosync-qnetd-tool: command not found\n");
          return 127;
        };

    CommandResult result = runner(settings()).run(List.of("corosync-qnetd-tool", "-s"), TIMEOUT);

    assertThat(result.outcome()).isEqualTo(Outcome.NOT_FOUND);
    assertThat(result.error()).isEqualTo("bash: line 1: corosync-qnetd-tool: command not found");
  }

  @Test
  void refusesAWrongClientKey() {
    Path otherKey = dir.resolve("id_other");
    TestKeys.writeEd25519(otherKey);

    CommandResult result =
        runner(SshSettings.withKey(USER, otherKey, knownHosts)).run(List.of("true"), TIMEOUT);

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.error())
        .isEqualTo(
            "authentication failed for monitor@127.0.0.1:"
                + server.port()
                + " (methods tried: publickey)");
    assertThat(server.commandLines).isEmpty();
  }

  @Test
  void refusesAnUnknownHostKey() throws IOException {
    Files.writeString(knownHosts, "");

    CommandResult result = runner(settings()).run(List.of("true"), TIMEOUT);

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.error())
        .startsWith(
            "host key for 127.0.0.1:"
                + server.port()
                + " not in known_hosts "
                + knownHosts
                + " (the server offered ecdsa-sha2-nistp256 key SHA256:")
        .contains(
            "entries for port " + server.port() + " are written [127.0.0.1]:" + server.port());
    assertThat(server.commandLines).isEmpty();
  }

  @Test
  void refusesAChangedHostKey() throws IOException {
    Files.writeString(
        knownHosts,
        TestSshServer.knownHostsLine(server.port(), TestSshServer.newEcKey().getPublic()) + "\n");

    CommandResult result = runner(settings()).run(List.of("true"), TIMEOUT);

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.error())
        .startsWith(
            "HOST KEY CHANGED for 127.0.0.1:"
                + server.port()
                + ": the server offered ecdsa-sha2-nistp256 key")
        .contains("does not match known_hosts " + knownHosts);
    assertThat(server.commandLines).isEmpty();
  }

  @Test
  void authenticatesWithThePasswordFileWhenOneIsConfigured() throws IOException {
    Path passwordFile = dir.resolve("password");
    Files.writeString(passwordFile, "s3cret-Passw0rd\n");
    SshSettings passwordOnly =
        new SshSettings(
            USER,
            Optional.empty(),
            knownHosts,
            Optional.of(passwordFile),
            Duration.ofSeconds(3),
            Duration.ofSeconds(5),
            Duration.ofSeconds(15));

    CommandResult result = runner(passwordOnly).run(List.of("true"), TIMEOUT);

    assertThat(result.outcome()).isEqualTo(Outcome.EXITED);
    assertThat(result.error()).isEmpty();
  }

  @Test
  void timesOutAHangingCommandAndKeepsTheSession() {
    server.handler = hangOn("'sleep'");
    SshCommandRunner runner = runner(settings());

    long start = System.nanoTime();
    CommandResult hung = runner.run(List.of("sleep"), Duration.ofMillis(300));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(hung.outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(took).isLessThan(Duration.ofMillis(300).plusSeconds(2));
    CommandResult next = runner.run(List.of("echo"), TIMEOUT);
    assertThat(next.outcome()).isEqualTo(Outcome.EXITED);
    assertThat(server.sessionsCreated).hasValue(1);
  }

  @Test
  void capsTheCallersDeadlineAtTheConfiguredCommandTimeout() {
    server.handler = hangOn("'sleep'");
    SshCommandRunner runner =
        runner(settings().withTimeouts(Duration.ofSeconds(3), Duration.ofMillis(200)));

    long start = System.nanoTime();
    CommandResult result = runner.run(List.of("sleep"), Duration.ofSeconds(60));

    assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void reconnectsAfterTheServerDropsTheConnectionMidCommand() {
    server.handler =
        (cmd, io, ch) -> {
          if (cmd.equals("'drop'")) {
            ch.getSession().close(true);
            Thread.sleep(60_000);
          }
          return 0;
        };
    SshCommandRunner runner = runner(settings());

    CommandResult dropped = runner.run(List.of("drop"), TIMEOUT);

    assertThat(dropped.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(dropped.error())
        .isEqualTo("connection to 127.0.0.1:" + server.port() + " lost during command");
    CommandResult next = runner.run(List.of("echo"), TIMEOUT);
    assertThat(next.outcome()).isEqualTo(Outcome.EXITED);
    assertThat(server.sessionsCreated).hasValue(2);
  }

  /**
   * The session id (what the pve collector keeps "no /etc/pve here" for) is none before the first
   * connection, stays while the session does, and is new after a reconnect.
   */
  @Test
  void theSessionIdChangesOnlyWithANewSession() {
    server.handler =
        (cmd, io, ch) -> {
          if (cmd.equals("'drop'")) {
            ch.getSession().close(true);
            Thread.sleep(60_000);
          }
          return 0;
        };
    SshCommandRunner runner = runner(settings());
    assertThat(runner.sessionId()).isEqualTo(CommandRunner.NO_SESSION);

    assertThat(runner.run(List.of("echo"), TIMEOUT).outcome()).isEqualTo(Outcome.EXITED);
    long first = runner.sessionId();
    assertThat(runner.run(List.of("echo"), TIMEOUT).outcome()).isEqualTo(Outcome.EXITED);
    assertThat(first).isNotEqualTo(CommandRunner.NO_SESSION);
    assertThat(runner.sessionId()).isEqualTo(first);

    runner.run(List.of("drop"), TIMEOUT);
    assertThat(runner.run(List.of("echo"), TIMEOUT).outcome()).isEqualTo(Outcome.EXITED);
    assertThat(server.sessionsCreated).hasValue(2);
    assertThat(runner.sessionId()).isNotEqualTo(first).isNotEqualTo(CommandRunner.NO_SESSION);
  }

  @Test
  void replacesASessionWhosePeerStopsAnswering() throws IOException {
    try (BlackHoleProxy proxy = new BlackHoleProxy(server.port())) {
      // Same host key, reached through the proxy's port.
      Files.writeString(
          knownHosts,
          server.knownHostsLine().replace("]:" + server.port(), "]:" + proxy.port()) + "\n");
      SshCommandRunner runner =
          new SshCommandRunner(new NodeTarget("127.0.0.1", proxy.port(), settings()), FAST_BACKOFF);
      runners.add(runner);
      assertThat(runner.run(List.of("echo"), TIMEOUT).outcome()).isEqualTo(Outcome.EXITED);

      proxy.swallowExistingConnections();
      CommandResult silent = runner.run(List.of("echo"), Duration.ofMillis(500));

      assertThat(silent.outcome()).isEqualTo(Outcome.TIMED_OUT);
      assertThat(runner.run(List.of("echo"), TIMEOUT).outcome()).isEqualTo(Outcome.EXITED);
      assertThat(server.sessionsCreated).hasValue(2);
    }
  }

  @Test
  void failsFastDuringBackoffAndReconnectsAfterIt() {
    server.acceptKeys.set(false);
    SshCommandRunner runner = new SshCommandRunner(node(settings()), FAST_BACKOFF);
    runners.add(runner);

    CommandResult first = runner.run(List.of("echo"), TIMEOUT);
    CommandResult duringBackoff = runner.run(List.of("echo"), TIMEOUT);

    assertThat(first.error()).startsWith("authentication failed for monitor@127.0.0.1:");
    assertThat(duringBackoff.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(duringBackoff.error())
        .startsWith("reconnect backoff: last error: authentication failed for monitor@");
    assertThat(server.sessionsCreated).as("no connect attempt during backoff").hasValue(1);

    server.acceptKeys.set(true);
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> runner.run(List.of("echo"), TIMEOUT).exited());
  }

  // ---- every command is bounded on the node itself ----

  @Test
  void everyCommandCarriesARemoteBoundOfItsOwnDeadline() throws Exception {
    SshCommandRunner runner =
        runner(settings().withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(4)));

    runner.run(List.of("echo"), Duration.ofSeconds(2));
    runner.run(List.of("echo"), Duration.ofSeconds(60)); // capped at command_timeout
    runner.watch(WATCH, TIMEOUT, line -> {}, () -> {}).close();

    assertThat(server.rawCommandLines.get(0))
        .matches("'/usr/bin/timeout' '-k' '1' '[0-9]\\.[0-9]{3}' 'echo'");
    assertThat(server.bounds.get(0))
        .hasValueSatisfying(s -> assertThat(s).isGreaterThan(1.0).isLessThanOrEqualTo(2.0));
    assertThat(server.bounds.get(1))
        .hasValueSatisfying(s -> assertThat(s).isGreaterThan(3.0).isLessThanOrEqualTo(4.0));
    assertThat(server.bounds.get(2)).as("a watcher brings its own timeout").isEmpty();
  }

  @Test
  void theNodeItselfEndsAHungCommandAtItsBound() throws Exception {
    // The server runs the line as sent with a real shell and the real GNU timeout, as sshd does.
    // It does not end the process when the channel closes: only the bound can.
    List<ProcessHandle> tree = new CopyOnWriteArrayList<>();
    server.handler =
        (cmd, io, ch) -> {
          Process p =
              new ProcessBuilder(
                      "/bin/sh",
                      "-c",
                      server.rawCommandLines.get(server.rawCommandLines.size() - 1))
                  .redirectErrorStream(true)
                  .start();
          tree.add(p.toHandle());
          // The shell execs timeout, which starts sleep: note it while it runs.
          while (p.isAlive() && p.descendants().findAny().isEmpty()) {
            Thread.sleep(5);
          }
          p.descendants().forEach(tree::add);
          return p.waitFor();
        };
    SshCommandRunner runner = runner(settings());

    CommandResult hung = runner.run(List.of("sleep", "60"), Duration.ofSeconds(2));

    assertThat(hung.outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(tree)
        .as("the shell (exec'd into timeout) and the sleep it started")
        .hasSizeGreaterThan(1);
    // Gone by the bound (already passed) plus timeout's 1 s of grace and a generous margin.
    await()
        .atMost(Duration.ofSeconds(4))
        .until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
  }

  @Test
  void anExitOfTheNodesBoundIsATimeout() {
    server.handler = (cmd, io, ch) -> RemoteBound.EXIT_TIMED_OUT;

    CommandResult result = runner(settings()).run(List.of("corosync-quorumtool", "-p"), TIMEOUT);

    assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(result.error()).isEqualTo("timed out on the node");
  }

  // ---- connecting: backoff from the attempt's end, and nobody waits past their deadline ----

  @Test
  void backoffStartsWhenAFailedAttemptEnds() throws IOException {
    try (SilentServer silent = new SilentServer()) {
      SshCommandRunner runner = silentRunner(silent, Duration.ofSeconds(1));

      CommandResult first = runner.run(List.of("echo"), Duration.ofSeconds(5));
      CommandResult rightAfter = runner.run(List.of("echo"), Duration.ofSeconds(5));

      // The first attempt took the whole connect timeout (1 s), twice the backoff (500 ms): counted
      // from its start, the backoff would already be over and the second run would try again.
      assertThat(first.error())
          .isEqualTo("connect to 127.0.0.1:" + silent.port() + " timed out after 1000 ms");
      assertThat(rightAfter.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(rightAfter.error())
          .startsWith("reconnect backoff: last error: connect to 127.0.0.1:");
      assertThat(silent.accepted).hasValue(1);
      // After the backoff, the next run tries again.
      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                runner.run(List.of("echo"), Duration.ofMillis(50));
                return silent.accepted.get() == 2;
              });
    }
  }

  @Test
  void noRunWaitsForAConnectPastItsOwnDeadline() throws Exception {
    try (SilentServer silent = new SilentServer()) {
      SshCommandRunner runner = silentRunner(silent, Duration.ofSeconds(20));
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        long start = System.nanoTime();
        Future<CommandResult> first =
            pool.submit(() -> runner.run(List.of("echo"), Duration.ofSeconds(1)));
        await().atMost(Duration.ofSeconds(5)).until(() -> silent.accepted.get() == 1);
        // A second run arrives while the first one's connect is still in progress.
        long secondStart = System.nanoTime();
        CommandResult second = runner.run(List.of("echo"), Duration.ofMillis(500));
        Duration secondTook = Duration.ofNanos(System.nanoTime() - secondStart);
        CommandResult firstResult = first.get(10, TimeUnit.SECONDS);
        Duration firstTook = Duration.ofNanos(System.nanoTime() - start);

        for (CommandResult r : List.of(firstResult, second)) {
          assertThat(r.outcome()).isEqualTo(Outcome.TIMED_OUT);
          assertThat(r.error())
              .isEqualTo(
                  "timed out waiting for the SSH connection to 127.0.0.1:"
                      + silent.port()
                      + " (still connecting; connect_timeout 20000 ms)");
        }
        assertThat(secondTook)
            .as("deadline + 2 s, far below connect_timeout")
            .isLessThan(Duration.ofMillis(2500));
        assertThat(firstTook)
            .as("deadline + 2 s, far below connect_timeout")
            .isLessThan(Duration.ofSeconds(3));
        assertThat(silent.accepted).as("the second run joined the first one's connect").hasValue(1);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void aRunWaitsForAFreeChannelOnlyUntilItsDeadline() {
    server.handler = hangOn("'sleep'");
    SshCommandRunner runner =
        new SshCommandRunner(
            node(settings()),
            new SshRunnerOptions(Duration.ofMillis(500), Duration.ofSeconds(1), 1 << 20, 1));
    runners.add(runner);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      pool.submit(() -> runner.run(List.of("sleep"), Duration.ofSeconds(5)));
      await().atMost(Duration.ofSeconds(5)).until(() -> server.commandLines.size() == 1);

      long start = System.nanoTime();
      CommandResult waiting = runner.run(List.of("echo"), Duration.ofMillis(500));

      assertThat(waiting.outcome()).isEqualTo(Outcome.TIMED_OUT);
      assertThat(waiting.error())
          .isEqualTo("no free SSH channel to 127.0.0.1:" + server.port() + " before the deadline");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void reusesOneSessionForManyRuns() {
    SshCommandRunner runner = runner(settings());

    for (int i = 0; i < 20; i++) {
      assertThat(runner.run(List.of("echo", Integer.toString(i)), TIMEOUT).stdout())
          .isEqualTo("'echo' '" + i + "'");
    }

    assertThat(server.sessionsCreated).hasValue(1);
  }

  @Test
  void runsConcurrentlyOnOneSession() throws Exception {
    SshCommandRunner runner = runner(settings());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<CommandResult>> futures = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        List<String> argv = List.of("echo", "run " + i);
        futures.add(pool.submit(() -> runner.run(argv, TIMEOUT)));
      }
      for (int i = 0; i < futures.size(); i++) {
        CommandResult r = futures.get(i).get();
        assertThat(r.outcome()).as(r.describe()).isEqualTo(Outcome.EXITED);
        assertThat(r.stdout()).isEqualTo("'echo' 'run " + i + "'");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(server.sessionsCreated).hasValue(1);
  }

  @Test
  void failsWhenOutputExceedsTheCapAndStaysUsable() {
    server.handler =
        (cmd, io, ch) -> {
          if (cmd.equals("'flood'")) {
            io.out().write(new byte[64 * 1024]);
          } else {
            io.print("ok");
          }
          return 0;
        };
    SshCommandRunner runner =
        new SshCommandRunner(
            node(settings()), SshRunnerOptions.defaults().withMaxOutputBytes(1024));
    runners.add(runner);

    CommandResult flood = runner.run(List.of("flood"), TIMEOUT);

    assertThat(flood.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(flood.error()).isEqualTo("stdout exceeded 1024 bytes");
    assertThat(runner.run(List.of("small"), TIMEOUT).stdout()).isEqualTo("ok");
  }

  @Test
  void aClosedRunnerFailsWithoutConnecting() {
    SshCommandRunner runner = runner(settings());
    runner.close();

    CommandResult result = runner.run(List.of("echo"), TIMEOUT);

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(result.error()).isEqualTo("runner for " + runner.target() + " is closed");
    assertThat(server.sessionsCreated).hasValue(0);
  }

  @Test
  void rejectsAnEmptyArgv() {
    CommandResult result = runner(settings()).run(List.of(), TIMEOUT);

    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(server.sessionsCreated).hasValue(0);
  }

  // ---- watchers: long-running commands whose output lines are events ----

  private static final List<String> WATCH =
      List.of("/usr/bin/stdbuf", "-oL", "/usr/sbin/corosync-cmapctl", "-T", "nodelist.");
  private static final String READY = "Type \"q\" to finish\n";

  @Test
  void aWatchDeliversEachLineAndKeepsItsInputOpenUntilClosed() throws Exception {
    CountDownLatch inputEnded = new CountDownLatch(1);
    CountDownLatch quitTyped = new CountDownLatch(1);
    server.handler =
        (cmd, io, ch) -> {
          try {
            io.print(READY);
            io.out().flush();
            io.print("create> nodelist.node.2.name (str) = node3\nset> nodelist.node.2.");
            io.out().flush();
            io.print("nodeid (u32) = 3\n");
            io.out().flush();
            // Like cmapctl -T: runs until it reads "q" (or its input ends).
            java.io.BufferedReader input =
                new java.io.BufferedReader(
                    new java.io.InputStreamReader(io.in(), StandardCharsets.UTF_8));
            String line;
            while ((line = input.readLine()) != null) {
              if (line.startsWith("q")) {
                quitTyped.countDown();
                return 0;
              }
            }
            return 0;
          } finally {
            inputEnded.countDown();
          }
        };
    SshCommandRunner runner = runner(settings());
    List<String> lines = new CopyOnWriteArrayList<>();
    CountDownLatch ended = new CountDownLatch(1);

    Watch watch = runner.watch(WATCH, TIMEOUT, lines::add, ended::countDown);

    await().atMost(Duration.ofSeconds(5)).until(() -> lines.size() == 3);
    assertThat(lines)
        .containsExactly(
            READY.strip(),
            "create> nodelist.node.2.name (str) = node3",
            "set> nodelist.node.2.nodeid (u32) = 3");
    assertThat(server.commandLines)
        .containsExactly("'/usr/bin/stdbuf' '-oL' '/usr/sbin/corosync-cmapctl' '-T' 'nodelist.'");
    assertThat(inputEnded.await(300, TimeUnit.MILLISECONDS)).as("input still open").isFalse();
    assertThat(watch.isAlive()).isTrue();

    watch.close();

    // sshd would leave the command running after the channel closes: closing types cmapctl's "q".
    assertThat(quitTyped.await(5, TimeUnit.SECONDS)).as("q typed on close").isTrue();
    assertThat(inputEnded.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(watch.isAlive()).isFalse();
    assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
    // The watch had a channel of its own: the session goes on serving commands.
    assertThat(runner.run(List.of("echo"), TIMEOUT).exited()).isTrue();
    assertThat(server.sessionsCreated).hasValue(1);
  }

  @Test
  void aWatchEndsWhenItsCommandExits() throws Exception {
    server.handler =
        (cmd, io, ch) -> {
          io.printErr("Failed to initialize the cmap API. Error CS_ERR_LIBRARY\n");
          return 1;
        };
    CountDownLatch ended = new CountDownLatch(1);

    Watch watch = runner(settings()).watch(WATCH, TIMEOUT, line -> {}, ended::countDown);

    assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> !watch.isAlive());
  }

  @Test
  void aWatchEndsWhenTheConnectionDropsAndTheNextRunReconnects() throws Exception {
    server.handler =
        (cmd, io, ch) -> {
          if (cmd.contains("-T")) {
            io.print(READY);
            io.out().flush();
            Thread.sleep(200);
            ch.getSession().close(true);
            Thread.sleep(60_000);
          }
          return 0;
        };
    SshCommandRunner runner = runner(settings());
    CountDownLatch ended = new CountDownLatch(1);

    Watch watch = runner.watch(WATCH, TIMEOUT, line -> {}, ended::countDown);

    assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(watch.isAlive()).isFalse();
    CommandResult next = runner.run(List.of("echo"), TIMEOUT);
    assertThat(next.exited()).as(next.describe()).isTrue();
    assertThat(server.sessionsCreated).hasValue(2);
  }

  @Test
  void aWatchOnAClosedRunnerFailsWithoutConnecting() {
    SshCommandRunner runner = runner(settings());
    runner.close();

    assertThatThrownBy(() -> runner.watch(WATCH, TIMEOUT, line -> {}, () -> {}))
        .isInstanceOf(IOException.class)
        .hasMessage("runner for " + runner.target() + " is closed");
    assertThat(server.sessionsCreated).hasValue(0);
  }

  /** Accepts TCP connections and never says a word, like a node whose sshd hangs. */
  private static final class SilentServer implements AutoCloseable {
    final java.util.concurrent.atomic.AtomicInteger accepted =
        new java.util.concurrent.atomic.AtomicInteger();
    private final java.net.ServerSocket listener =
        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    private final List<java.net.Socket> held = new CopyOnWriteArrayList<>();

    SilentServer() throws IOException {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    held.add(listener.accept());
                    accepted.incrementAndGet();
                  }
                } catch (IOException closed) {
                  // closed at the end of the test
                }
              },
              "silent-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return listener.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      listener.close();
      for (java.net.Socket s : held) {
        s.close();
      }
    }
  }

  private SshCommandRunner silentRunner(SilentServer silent, Duration connectTimeout) {
    SshCommandRunner runner =
        new SshCommandRunner(
            new NodeTarget(
                "127.0.0.1",
                silent.port(),
                settings().withTimeouts(connectTimeout, Duration.ofSeconds(5))),
            FAST_BACKOFF);
    runners.add(runner);
    return runner;
  }

  private static TestSshServer.Handler hangOn(String commandLine) {
    return (cmd, io, ch) -> {
      if (cmd.equals(commandLine)) {
        Thread.sleep(60_000);
      }
      io.out().write("done".getBytes(StandardCharsets.UTF_8));
      return 0;
    };
  }

  private SshSettings settings() {
    return SshSettings.withKey(USER, clientKey, knownHosts);
  }

  private NodeTarget node(SshSettings ssh) {
    return new NodeTarget("127.0.0.1", server.port(), ssh);
  }

  private SshCommandRunner runner(SshSettings ssh) {
    SshCommandRunner runner = new SshCommandRunner(node(ssh), FAST_BACKOFF);
    runners.add(runner);
    return runner;
  }
}
