package dev.corosyncexporter.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads the config file's text, refusing anything that is not a regular file of sane size.
 *
 * <p>The type is checked from the file's attributes before it is opened: opening a FIFO blocks
 * until a writer appears (start-up would hang), and a device such as /dev/zero never ends. Symbolic
 * links are followed on purpose, because config management and Kubernetes ConfigMap volumes deliver
 * files as symlinks; what counts is the file the link points to. The read itself is bounded too, so
 * a file that grows after the check (or a /proc-style file that reports size 0) still cannot
 * exhaust memory.
 */
final class ConfigFile {
  /**
   * A config with a hundred clusters of five nodes is about 20 KiB; 1 MiB is fifty times that,
   * while keeping the parsed tree (a few times the text) far from the heap limit.
   */
  static final int MAX_BYTES = 1024 * 1024;

  private ConfigFile() {}

  static String read(Path file) throws ConfigException {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      throw cannotRead(file, reason(e));
    }
    if (attrs.isDirectory()) {
      throw cannotRead(file, "is a directory");
    }
    if (!attrs.isRegularFile()) {
      throw cannotRead(file, "not a regular file (a FIFO, socket or device?)");
    }
    if (attrs.size() > MAX_BYTES) {
      throw cannotRead(file, tooLarge(attrs.size()));
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (IOException e) {
      throw cannotRead(file, reason(e));
    }
    if (bytes.length > MAX_BYTES) {
      throw cannotRead(file, tooLarge(-1));
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw cannotRead(file, "not valid UTF-8");
    }
  }

  private static String tooLarge(long size) {
    return (size < 0 ? "larger" : size + " bytes, larger")
        + " than the limit of "
        + MAX_BYTES
        + " bytes (1 MiB)";
  }

  /**
   * The operating system's reason in words. NIO puts only the file name into the message of its
   * exceptions (an unreadable file said "cannot read config file X: X"); the reason is separate.
   */
  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fse) {
      return fse.getReason() != null ? fse.getReason() : e.getClass().getSimpleName();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  private static ConfigException cannotRead(Path file, String reason) {
    return new ConfigException("", "cannot read config file " + file + ": " + reason);
  }
}
