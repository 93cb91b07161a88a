package dev.corosyncexporter.collector;

import dev.corosyncexporter.command.CommandResult;
import dev.corosyncexporter.command.ToolText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;

/**
 * Where the pve collector's files are, and how it asks a node about them: locally from this
 * machine's files, in central mode over the node's runner with the commands the SSH wrapper allows.
 * Both ways answer every question alike, so a node says the same whichever way it is watched.
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
   * A node's files over its runner (SSH in central mode), with exactly the commands
   * packaging/ssh-command-wrapper allows, each bound by the node's remote bound. The runner keeps
   * at most its output cap (2 MiB) of a file; past MAX_FILE_BYTES the file is refused as locally.
   */
  static final class RemoteSource implements Source {
    static final String CAT = "/bin/cat";
    static final String TEST = "/usr/bin/test";
    static final String STAT = "/usr/bin/stat";
    private final CollectorContext context;

    RemoteSource(CollectorContext context) {
      this.context = context;
    }

    @Override
    public Optional<String> read(String path) throws CollectionException {
      CommandResult r = context.run(CAT, path);
      if (r.exitedWith(0)) {
        // A char is at most 3 bytes of UTF-8: only a long text can be past the bound.
        if (r.stdout().length() > MAX_FILE_BYTES / 4
            && r.stdout().getBytes(StandardCharsets.UTF_8).length > MAX_FILE_BYTES) {
          throw tooLarge(path);
        }
        return Optional.of(r.stdout());
      }
      if (r.exitedWith(1) && r.stderr().contains("No such file or directory")) {
        return Optional.empty();
      }
      throw CollectionException.of(r);
    }

    @Override
    public boolean exists(String path) throws CollectionException {
      return test("-e", path);
    }

    private boolean test(String op, String path) throws CollectionException {
      CommandResult r = context.run(TEST, op, path);
      if (r.exitedWith(0) || r.exitedWith(1)) {
        return r.exitedWith(0);
      }
      throw CollectionException.of(r);
    }

    @Override
    public Optional<Boolean> ownerWritable(String path) throws CollectionException {
      CommandResult r = context.run(STAT, "-c", "%a", path);
      if (r.exitedWith(1) && r.stderr().contains("No such file or directory")) {
        return Optional.empty();
      }
      String mode = r.stdout().strip();
      if (!r.exitedWith(0) || !mode.matches("[0-7]{3,4}")) {
        throw CollectionException.of(r);
      }
      return Optional.of((Integer.parseInt(mode, 8) & 0200) != 0);
    }

    /** A node without /etc/pve is a plain corosync node: central mode asks every node. */
    @Override
    public boolean notProxmox() throws CollectionException {
      return !test("-d", ETC_PVE);
    }
  }
}
