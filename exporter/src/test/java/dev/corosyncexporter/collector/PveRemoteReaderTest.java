package dev.corosyncexporter.collector;

import static dev.corosyncexporter.collector.PveCollectorTest.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corosyncexporter.command.CommandResult;
import dev.corosyncexporter.command.CommandRunner;
import dev.corosyncexporter.concurrent.Deadline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How many commands central mode's pve collector sends a node, with the wrapper's real pve_read
 * answering from a folder: one per scrape where there is /etc/pve, none where there is not once the
 * node has said so in its session, and one again in a new session.
 */
class PveRemoteReaderTest {
  private static final long RECORDED = 1796676515L;

  @TempDir Path root;

  /** A node whose session the test chooses, counting what it is sent. */
  private final class Node implements CommandRunner {
    final AtomicLong session = new AtomicLong(NO_SESSION);
    final List<List<String>> sent = new CopyOnWriteArrayList<>();

    /** A reconnect while the command runs: the session changes under it. */
    volatile boolean reconnectDuringCommand;

    @Override
    public CommandResult run(List<String> argv, Duration timeout) {
      sent.add(argv);
      if (session.get() == NO_SESSION || reconnectDuringCommand) {
        session.incrementAndGet(); // the command connects
      }
      return PveReadHelper.run(root, argv);
    }

    @Override
    public long sessionId() {
      return session.get();
    }

    @Override
    public String target() {
      return "ssh://node1";
    }
  }

  private static Optional<PveRemoteReader.Answer> read(PveRemoteReader reader, Node node) {
    CollectorContext context =
        new CollectorContext(
            node,
            ToolPaths.DEFAULTS,
            Duration.ofSeconds(5),
            Deadline.in(Duration.ofSeconds(10)),
            CompletableFuture.failedFuture(new CollectionException("not read")),
            Optional.empty(),
            Optional.empty());
    return reader.read(context, Optional.empty());
  }

  @Test
  void withoutEtcPveANodeIsAskedOncePerSession() {
    PveRemoteReader reader = new PveRemoteReader(at(RECORDED));
    Node node = new Node();

    for (int scrape = 0; scrape < 5; scrape++) {
      assertThat(read(reader, node)).isEmpty();
    }
    assertThat(node.sent).hasSize(1);

    node.session.incrementAndGet(); // reconnected (say, after the node was reinstalled)
    for (int scrape = 0; scrape < 3; scrape++) {
      assertThat(read(reader, node)).isEmpty();
    }
    assertThat(node.sent).hasSize(2);
  }

  /** Across a reconnect it is not known which session answered: the next scrape asks again. */
  @Test
  void anAnswerThatSpansAReconnectIsNotKept() {
    PveRemoteReader reader = new PveRemoteReader(at(RECORDED));
    Node node = new Node();
    node.session.set(7);
    node.reconnectDuringCommand = true;

    assertThat(read(reader, node)).isEmpty();
    node.reconnectDuringCommand = false;
    assertThat(read(reader, node)).isEmpty();
    assertThat(read(reader, node)).isEmpty();

    assertThat(node.sent).hasSize(2);
  }

  /**
   * With /etc/pve: one command per scrape. Only when .members names nodes the command did not ask
   * for (the first scrape, a node joining) a second one asks for all of them.
   */
  @Test
  void withEtcPveOneCommandPerScrapeAndASecondOnlyForNewMembers() throws IOException {
    write("etc/pve/.members", ReplayCommandRunner.read("pve-members-2n-healthy.out"));
    write("etc/pve/nodes/node1/lrm_status", ReplayCommandRunner.read("pve-lrm-status-active.out"));
    write("etc/pve/nodes/node2/lrm_status", ReplayCommandRunner.read("pve-lrm-status-node2.out"));
    PveRemoteReader reader = new PveRemoteReader(at(RECORDED + 7));
    Node node = new Node();

    PveRead first = read(reader, node).orElseThrow().read();
    assertThat(node.sent)
        .containsExactly(
            List.of(PveReadHelper.PVE_READ), List.of(PveReadHelper.PVE_READ, "node1", "node2"));
    assertThat(first.lrm()).containsOnlyKeys("node1", "node2");
    assertThat(first.lrm().values()).allMatch(o -> o.value().orElseThrow().isPresent());

    node.sent.clear();
    for (int scrape = 0; scrape < 3; scrape++) {
      PveRemoteReader.Answer a = read(reader, node).orElseThrow();
      assertThat(a.read().members().ok()).isTrue();
      assertThat(a.read().lrm().values()).allMatch(o -> o.value().orElseThrow().isPresent());
    }
    assertThat(node.sent)
        .hasSize(3)
        .allMatch(argv -> argv.equals(List.of(PveReadHelper.PVE_READ, "node1", "node2")));
  }

  /** A refused or failed command costs every part, with the command's own failure as the reason. */
  @Test
  void aRefusedCommandFailsEveryPartWithTheRefusal() {
    PveRemoteReader reader = new PveRemoteReader(at(RECORDED));
    CommandRunner oldWrapper =
        new CommandRunner() {
          @Override
          public CommandResult run(List<String> argv, Duration timeout) {
            return CommandResult.exited(
                argv,
                126,
                "",
                "ssh-command-wrapper: refused: 'corosync-exporter-pve-read' is not an allowed"
                    + " command\n",
                Duration.ZERO);
          }

          @Override
          public String target() {
            return "ssh://node1";
          }
        };
    CollectorContext context =
        new CollectorContext(
            oldWrapper,
            ToolPaths.DEFAULTS,
            Duration.ofSeconds(5),
            Deadline.in(Duration.ofSeconds(10)),
            CompletableFuture.failedFuture(new CollectionException("not read")),
            Optional.empty(),
            Optional.of(Optional.<dev.corosyncexporter.corosync.CorosyncClient>empty())
                .orElseThrow());

    PveRemoteReader.Answer a = reader.read(context, Optional.of("node1")).orElseThrow();
    for (PveRead.Outcome<?> o :
        List.of(a.read().members(), a.read().writable(), a.read().manager(), a.watchdog())) {
      assertThat(o.ok()).isFalse();
      assertThat(o.failure())
          .contains("exited 126: ssh-command-wrapper: refused: 'corosync-exporter-pve-read'");
    }
    assertThat(a.read().lrm().get("node1").ok()).isFalse();
  }

  private void write(String path, String text) throws IOException {
    Path p = root.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }
}
