package dev.corosyncexporter.config;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.KeyPair;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** Client key pairs generated per test, so no private key is ever committed. */
public final class TestKeys {
  private TestKeys() {}

  /**
   * Writes an unencrypted ed25519 private key in OpenSSH format; returns the public key line
   * ("ssh-ed25519 AAAA...").
   */
  public static String writeEd25519(Path file) {
    return write(file, null);
  }

  public static String writeEncryptedEd25519(Path file, String passphrase) {
    return write(file, passphrase.getBytes(StandardCharsets.UTF_8));
  }

  private static String write(Path file, byte[] passphrase) {
    try {
      KeyPair kp = KeyPair.genKeyPair(new JSch(), KeyPair.ED25519);
      try (OutputStream out = Files.newOutputStream(file)) {
        kp.writeOpenSSHv1PrivateKey(out, passphrase);
      }
      String line = "ssh-ed25519 " + Base64.getEncoder().encodeToString(kp.getPublicKeyBlob());
      kp.dispose();
      return line;
    } catch (JSchException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
