package dev.corosyncexporter.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corosyncexporter.collector.PveReadHelper;
import dev.corosyncexporter.command.CommandResult;
import dev.corosyncexporter.parse.PveReadReply.Frame;
import dev.corosyncexporter.parse.PveReadReply.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reply of the SSH wrapper's pve_read: what the real wrapper writes (run with perl on a folder
 * laid out like /), and every way it can arrive cut or garbled, each costing only what it must.
 */
class PveReadReplyParserTest {
  private static final String MEMBERS = "/etc/pve/.members";
  private static final String LRM1 = "/etc/pve/nodes/node1/lrm_status";
  private static final String LRM2 = "/etc/pve/nodes/node2/lrm_status";
  private static final String MANAGER = "/etc/pve/ha/manager_status";

  @TempDir Path root;

  /** A node with every kind of answer: text, non-UTF-8 bytes, none, too large, not a file. */
  private String realReply() throws IOException, InterruptedException {
    write(MEMBERS, "{\"nodename\": \"node1\"}\n".getBytes(StandardCharsets.UTF_8));
    write(LRM1, "état ✓ 𝄞\n".getBytes(StandardCharsets.UTF_8));
    write(MANAGER, new byte[] {'{', (byte) 0xff, (byte) 0xc0, (byte) 0x80, '}'});
    Path conf = write("/etc/pve/corosync.conf", "totem {}\n".getBytes(StandardCharsets.UTF_8));
    Files.setPosixFilePermissions(
        conf, java.nio.file.attribute.PosixFilePermissions.fromString("r--r-----"));
    Files.createDirectories(root.resolve("run/watchdog-mux.active"));
    Files.createDirectories(root.resolve("etc/pve/nodes/node3/lrm_status")); // a directory
    try (java.io.RandomAccessFile f =
        new java.io.RandomAccessFile(
            write("/etc/pve/nodes/node4/lrm_status", new byte[0]).toFile(), "rw")) {
      f.setLength(1L << 30);
    }
    CommandResult r =
        PveReadHelper.run(
            root, List.of(PveReadHelper.PVE_READ, "node1", "node2", "node3", "node4"));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stderr()).isEmpty();
    return r.stdout();
  }

  @Test
  void theRealReplyIsReadWhole() throws Exception {
    PveReadReply reply = PveReadReplyParser.parse(realReply());

    assertThat(reply.cut()).isEmpty();
    assertThat(reply.frames().values())
        .containsExactly(
            new Frame("exists", "/run/watchdog-mux.active", Status.YES, ""),
            new Frame("dir", "/etc/pve", Status.YES, ""),
            new Frame("file", MEMBERS, Status.OK, "{\"nodename\": \"node1\"}\n"),
            new Frame("mode", "/etc/pve/corosync.conf", Status.OK, "440"),
            new Frame("file", LRM1, Status.OK, "état ✓ 𝄞\n"),
            new Frame("file", LRM2, Status.ABSENT, ""),
            new Frame(
                "file", "/etc/pve/nodes/node3/lrm_status", Status.ERROR, "not a regular file"),
            new Frame("file", "/etc/pve/nodes/node4/lrm_status", Status.TOO_LARGE, ""),
            // Not UTF-8: sent as hex, decoded as a local read decodes it.
            new Frame(
                "file",
                MANAGER,
                Status.OK,
                new String(
                    new byte[] {'{', (byte) 0xff, (byte) 0xc0, (byte) 0x80, '}'},
                    StandardCharsets.UTF_8)));
  }

  @Test
  void withoutEtcPveOnlyTheMarkerAndThatIsAnswered(@TempDir Path empty) {
    CommandResult r = PveReadHelper.run(empty, List.of(PveReadHelper.PVE_READ, "node1"));

    PveReadReply reply = PveReadReplyParser.parse(r.stdout());
    assertThat(reply.cut()).isEmpty();
    assertThat(reply.frames().values())
        .containsExactly(
            new Frame("exists", "/run/watchdog-mux.active", Status.NO, ""),
            new Frame("dir", "/etc/pve", Status.NO, ""));
  }

  /**
   * Cut anywhere (a command ended by its bound, an output cap): the frames before the cut stand,
   * with exactly their content, and the rest is missing with a reason. Never an exception.
   */
  @Test
  void aReplyCutAtAnyByteKeepsTheFramesBeforeTheCut() throws Exception {
    String whole = realReply();
    PveReadReply all = PveReadReplyParser.parse(whole);
    byte[] bytes = whole.getBytes(StandardCharsets.UTF_8);
    for (int cut = 0; cut < bytes.length; cut++) {
      // The runner decodes what arrived as UTF-8: a cut inside a character becomes U+FFFD.
      PveReadReply reply =
          PveReadReplyParser.parse(new String(bytes, 0, cut, StandardCharsets.UTF_8));
      assertThat(reply.cut()).as("cut at %d", cut).isNotEmpty();
      assertThat(all.frames().entrySet()).containsAll(reply.frames().entrySet());
      if (cut < bytes.length - "end\n".length()) {
        assertThat(reply.frames()).as("cut at %d", cut).hasSizeLessThan(all.frames().size());
      }
    }
  }

  @Test
  void aGarbledHeaderEndsTheReplyThereAndSaysWhere() {
    PveReadReply reply =
        PveReadReplyParser.parse(
            "corosync-exporter-pve-read 1\n"
                + "exists /run/watchdog-mux.active yes 0\n\n"
                + "file /etc/pve/.members ok\u001b[2J 5\nhello\n"
                + "dir /etc/pve yes 0\n\n"
                + "end\n");

    assertThat(reply.frames().keySet()).containsExactly("exists /run/watchdog-mux.active");
    assertThat(reply.cut())
        .startsWith("garbled frame header after 1 frames: ")
        .doesNotContain("\u001b");
  }

  @Test
  void aLengthThatDoesNotHoldIsATornFrame() {
    String head = "corosync-exporter-pve-read 1\ndir /etc/pve yes 0\n\n";
    assertThat(PveReadReplyParser.parse(head + "file " + MEMBERS + " ok 3\nhello\nend\n").cut())
        .isEqualTo("frame of file /etc/pve/.members is torn (3 bytes)");
    assertThat(PveReadReplyParser.parse(head + "file " + MEMBERS + " ok 99\nhello\nend\n").cut())
        .isEqualTo("frame of file /etc/pve/.members is torn (99 bytes)");
    assertThat(PveReadReplyParser.parse(head + "file " + MEMBERS + " ok 99999999\n").cut())
        .isEqualTo("frame of file /etc/pve/.members is torn (99999999 bytes)");
  }

  @Test
  void badHexCostsOnlyItsOwnFrame() {
    PveReadReply reply =
        PveReadReplyParser.parse(
            "corosync-exporter-pve-read 1\nfile "
                + LRM1
                + " hex 3\nabc\nfile "
                + LRM2
                + " hex 4\n7b7d\nend\n");

    assertThat(reply.cut()).isEmpty();
    assertThat(reply.frame("file", LRM1))
        .contains(new Frame("file", LRM1, Status.ERROR, "garbled hex in the reply"));
    assertThat(reply.frame("file", LRM2)).contains(new Frame("file", LRM2, Status.OK, "{}"));
  }

  @Test
  void aStatusThatDoesNotFitItsQuestionIsGarbled() {
    for (String frame :
        List.of("dir /etc/pve ok 0", "exists /run/x absent 0", "file /a yes 0", "mode /a hex 0")) {
      assertThat(PveReadReplyParser.parse("corosync-exporter-pve-read 1\n" + frame + "\n\nend\n"))
          .as(frame)
          .satisfies(r -> assertThat(r.frames()).isEmpty())
          .satisfies(r -> assertThat(r.cut()).startsWith("garbled frame header"));
    }
  }

  @Test
  void whatIsNotAReplyFailsEverythingWithWhatItWas() {
    assertThat(PveReadReplyParser.parse("").cut()).isEqualTo("empty reply");
    assertThat(PveReadReplyParser.parse("ssh-command-wrapper: refused: x\n").cut())
        .isEqualTo("not a pve-read reply (first line ssh-command-wrapper: refused: x)");
    assertThat(PveReadReplyParser.parse("corosync-exporter-pve-read 2\nend\n").cut())
        .startsWith("not a pve-read reply");
    assertThat(PveReadReplyParser.parse("x".repeat(100_000)).cut())
        .startsWith("not a pve-read reply")
        .hasSizeLessThan(1000);
  }

  @Test
  void aFrameTwiceOrDataAfterTheEndIsSaid() {
    String dir = "dir /etc/pve yes 0\n\n";
    PveReadReply twice =
        PveReadReplyParser.parse("corosync-exporter-pve-read 1\n" + dir + dir + "end\n");
    assertThat(twice.frames()).hasSize(1);
    assertThat(twice.cut()).isEqualTo("frame of dir /etc/pve twice");
    PveReadReply after =
        PveReadReplyParser.parse("corosync-exporter-pve-read 1\n" + dir + "end\nmore");
    assertThat(after.frames()).hasSize(1);
    assertThat(after.cut()).isEqualTo("data after the end of the reply");
  }

  private Path write(String path, byte[] bytes) throws IOException {
    Path p = root.resolve(path.substring(1));
    Files.createDirectories(p.getParent());
    return Files.write(p, bytes);
  }
}
