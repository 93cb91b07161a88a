package dev.corosyncexporter.config;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks that referenced files are usable at load time, so a typo in a path fails the start-up
 * instead of every scrape. Messages name files but never quote their content.
 */
final class FileChecks {
  private FileChecks() {}

  static void requireReadableFile(YamlNode where, Path file) throws ConfigException {
    if (!Files.exists(file)) {
      throw where.error("cannot read " + file + ": no such file");
    }
    if (!Files.isRegularFile(file)) {
      throw where.error("cannot read " + file + ": not a regular file");
    }
    if (!Files.isReadable(file)) {
      throw where.error("cannot read " + file + ": permission denied");
    }
  }

  static void requirePrivateKey(YamlNode where, Path file) throws ConfigException {
    requireReadableFile(where, file);
    KeyPair key;
    try {
      key = KeyPair.load(new JSch(), file.toString());
    } catch (JSchException e) {
      // JSch's message is left out on purpose: it is not guaranteed to be free of key material.
      throw where.error(
          file + " is not a private key in a format JSch reads (OpenSSH, PEM or PuTTY)");
    }
    try {
      if (key.isEncrypted()) {
        throw where.error(
            file
                + " is protected by a passphrase, which is not supported;"
                + " use a dedicated unencrypted key readable only by the exporter");
      }
    } finally {
      key.dispose();
    }
  }

  static void requireNonEmptyFile(YamlNode where, Path file) throws ConfigException {
    requireReadableFile(where, file);
    try {
      if (Files.size(file) == 0) {
        throw where.error(file + " is empty");
      }
    } catch (IOException e) {
      throw where.error("cannot read " + file + ": " + e.getMessage());
    }
  }
}
