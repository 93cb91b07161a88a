package dev.corosyncexporter.collector;

import dev.corosyncexporter.command.CommandResult;
import dev.corosyncexporter.command.ToolText;
import dev.corosyncexporter.parse.PveReadReply;
import dev.corosyncexporter.parse.PveReadReply.Status;
import dev.corosyncexporter.parse.PveReadReplyParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where the pve collector's files are, and how it asks a node about them: locally from this
 * machine's files, in central mode from one reply of the SSH wrapper's pve_read. Both ways answer
 * every question alike, so a node says the same whichever way it is watched.
 */
final class PveFiles {
  static final String ETC_PVE = "/etc/pve";
  static final String COROSYNC_CONF = "/etc/pve/corosync.conf";

  /** A directory that watchdog-mux makes (mkdir) on each client connection. */
  static final String WATCHDOG_MARKER = "/run/watchdog-mux.active";

  /**
   * The largest file pmxcfs holds: MEMDB_MAX_FILE_SIZE, 1 MiB (pve-cluster src/pmxcfs/memdb.h:30;
   * memdb.c:693 refuses a write past it with EFBIG). A file larger than this is not pmxcfs's, and
   * no more than one byte past it is ever read: /dev/zero or a sparse 1 GiB file behind a name
   * costs 1 MiB, never the heap.
   */
  static final int MAX_FILE_BYTES = 1024 * 1024;

  private PveFiles() {}

  static String lrmStatus(String node) {
    return "/etc/pve/nodes/" + node + "/lrm_status";
  }

  static CollectionException tooLarge(String path) {
    return new CollectionException(
        path + " is larger than pmxcfs allows (" + MAX_FILE_BYTES + " bytes)");
  }

  /** The questions the collector asks of a node, the same locally and over SSH. */
  interface Source {
    /** The file's text, at most {@link #MAX_FILE_BYTES}; empty when there is no such file. */
    Optional<String> read(String path) throws CollectionException;

    /** Whether the path exists, following links ({@code test -e}: a dangling link does not). */
    boolean exists(String path) throws CollectionException;

    /**
     * Whether the owner may write, from the mode bits of the path itself (a link is not followed,
     * as {@code stat} does not); empty when there is no such file.
     */
    Optional<Boolean> ownerWritable(String path) throws CollectionException;

    /** Whether the answer "no such file" for .members means "no /etc/pve here at all". */
    boolean notProxmox() throws CollectionException;
  }

  /** This machine's files; /etc/pve's are read on the guarded reader, since they may block. */
  static final class LocalSource implements Source {
    private final Path root;

    LocalSource(Path root) {
      this.root = root;
    }

    private Path at(String path) {
      return root.resolve(path.substring(1));
    }

    @Override
    public Optional<String> read(String path) throws CollectionException {
      try (InputStream in = Files.newInputStream(at(path))) {
        byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        if (bytes.length > MAX_FILE_BYTES) {
          throw tooLarge(path);
        }
        return Optional.of(new String(bytes, StandardCharsets.UTF_8));
      } catch (NoSuchFileException e) {
        return Optional.empty();
      } catch (IOException e) {
        throw new CollectionException("cannot read " + path + ": " + ToolText.forLog(e.toString()));
      }
    }

    @Override
    public boolean exists(String path) {
      return Files.exists(at(path));
    }

    @Override
    public Optional<Boolean> ownerWritable(String path) throws CollectionException {
      try {
        PosixFileAttributes a =
            Files.readAttributes(at(path), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return Optional.of(a.permissions().contains(PosixFilePermission.OWNER_WRITE));
      } catch (NoSuchFileException e) {
        return Optional.empty();
      } catch (IOException e) {
        throw new CollectionException("cannot stat " + path + ": " + ToolText.forLog(e.toString()));
      }
    }

    /** Locally the collector runs only where /etc/pve is a pmxcfs mount (or when asked to). */
    @Override
    public boolean notProxmox() {
      return false;
    }
  }

  /**
   * A node's files as one reply of the SSH wrapper's pve_read answers them (central mode): every
   * file and check in one command, so that a scrape costs one sshd session per node. A question the
   * reply has no frame for (the command failed or was cut) fails with why. The wrapper reads at
   * most one byte past {@link #MAX_FILE_BYTES} of a file, never a FIFO or a device.
   */
  static final class RemoteSource implements Source {
    /** The name the wrapper answers as pve_read; its arguments are node names. */
    static final String PVE_READ = "corosync-exporter-pve-read";

    private final PveReadReply reply;
    private final Optional<String> commandFailure;

    /**
     * @param commandFailure how the command failed, when it did not exit 0
     */
    RemoteSource(PveReadReply reply, Optional<String> commandFailure) {
      this.reply = reply;
      this.commandFailure = commandFailure;
    }

    /**
     * One pve_read of the node: its files, and the lrm_status of each of {@code nodes} (host names,
     * each once: the wrapper refuses anything else).
     */
    static RemoteSource ask(CollectorContext context, Collection<String> nodes) {
      List<String> argv = new ArrayList<>(nodes.size() + 1);
      argv.add(PVE_READ);
      argv.addAll(nodes);
      CommandResult r = context.run(argv);
      return new RemoteSource(
          PveReadReplyParser.parse(r.stdout()),
          r.exitedWith(0) ? Optional.empty() : Optional.of(r.describe()));
    }

    /**
     * Why a question has no frame: the command's own failure says more than where its reply ends
     * (nothing at all, after a refusal).
     */
    private CollectionException missing(String kind, String path) {
      return new CollectionException(
          commandFailure.orElseGet(
              () ->
                  reply.cut().isEmpty()
                      ? kind + " " + path + " is not in the pve-read reply"
                      : "pve-read reply: " + reply.cut()));
    }

    private PveReadReply.Frame frame(String kind, String path) throws CollectionException {
      Optional<PveReadReply.Frame> f = reply.frame(kind, path);
      if (f.isEmpty()) {
        throw missing(kind, path);
      }
      return f.get();
    }

    /** Whether the node answered that it has no /etc/pve at all. */
    boolean noEtcPve() {
      return reply.frame("dir", ETC_PVE).map(f -> f.status() == Status.NO).orElse(false);
    }

    @Override
    public Optional<String> read(String path) throws CollectionException {
      if (noEtcPve() && path.startsWith(ETC_PVE + "/")) {
        return Optional.empty();
      }
      PveReadReply.Frame f = frame("file", path);
      return switch (f.status()) {
        case OK -> Optional.of(f.text());
        case ABSENT -> Optional.empty();
        case TOO_LARGE -> throw tooLarge(path);
        default -> throw new CollectionException("cannot read " + path + ": " + f.text());
      };
    }

    @Override
    public boolean exists(String path) throws CollectionException {
      return frame("exists", path).status() == Status.YES;
    }

    @Override
    public Optional<Boolean> ownerWritable(String path) throws CollectionException {
      PveReadReply.Frame f = frame("mode", path);
      return switch (f.status()) {
        case ABSENT -> Optional.empty();
        case OK -> {
          if (!f.text().matches("[0-7]{1,4}")) {
            throw new CollectionException(
                "mode of " + path + " is not octal: " + ToolText.forLog(f.text()));
          }
          yield Optional.of((Integer.parseInt(f.text(), 8) & 0200) != 0);
        }
        default -> throw new CollectionException("cannot stat " + path + ": " + f.text());
      };
    }

    /** A node without /etc/pve is a plain corosync node: central mode asks every node. */
    @Override
    public boolean notProxmox() throws CollectionException {
      return frame("dir", ETC_PVE).status() == Status.NO;
    }
  }
}
