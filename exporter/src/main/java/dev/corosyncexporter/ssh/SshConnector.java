package dev.corosyncexporter.ssh;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchRevokedHostKeyException;
import com.jcraft.jsch.JSchUnknownHostKeyException;
import com.jcraft.jsch.Session;
import dev.corosyncexporter.config.NodeTarget;
import dev.corosyncexporter.config.SshSettings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Opens one authenticated JSch session to a node with strict host key checking, and turns JSch's
 * terse failures into messages an operator can act on.
 */
final class SshConnector {
  private static final int SERVER_ALIVE_COUNT_MAX = 3;

  private SshConnector() {}

  static Session open(NodeTarget node) throws SshConnectException {
    SshSettings ssh = node.ssh();
    Path knownHosts = ssh.knownHostsFile();
    if (!Files.isReadable(knownHosts)) {
      throw new SshConnectException("cannot read known_hosts " + knownHosts);
    }
    // A fresh JSch per connect re-reads known_hosts and the key, so edits apply on reconnect.
    JSch jsch = new JSch();
    jsch.setInstanceLogger(JschLogBridge.INSTANCE);
    Session session;
    try {
      jsch.setKnownHosts(knownHosts.toString());
      if (ssh.privateKeyFile().isPresent()) {
        jsch.addIdentity(ssh.privateKeyFile().get().toString());
      }
    } catch (JSchException e) {
      // Not quoting JSch here: its key-parsing messages are not guaranteed to be free of key
      // material.
      throw new SshConnectException(
          "cannot load private key "
              + ssh.privateKeyFile().map(Path::toString).orElse("")
              + " or known_hosts "
              + knownHosts);
    }
    try {
      session = jsch.getSession(ssh.user(), node.host(), node.port());
      session.setConfig("StrictHostKeyChecking", "yes");
      // Negotiate a host key type that known_hosts has, instead of failing on one it lacks.
      session.setConfig("prefer_known_host_key_types", "yes");
      session.setConfig("PreferredAuthentications", ssh.authMethods());
      session.setServerAliveInterval(millis(ssh.keepAliveInterval().toMillis()));
      session.setServerAliveCountMax(SERVER_ALIVE_COUNT_MAX);
      session.setDaemonThread(true);
    } catch (JSchException e) {
      throw new SshConnectException(
          "cannot set up SSH session to " + node.address() + ": " + e.getMessage());
    }
    byte[] password = readPassword(ssh);
    try {
      if (password != null) {
        session.setPassword(password);
      }
      session.connect(millis(ssh.connectTimeout().toMillis()));
      return session;
    } catch (JSchException e) {
      session.disconnect();
      throw new SshConnectException(describe(e, session, node, jsch));
    } finally {
      if (password != null) {
        Arrays.fill(password, (byte) 0);
      }
    }
  }

  private static byte[] readPassword(SshSettings ssh) throws SshConnectException {
    if (ssh.passwordFile().isEmpty()) {
      return null;
    }
    Path file = ssh.passwordFile().get();
    try {
      byte[] raw = Files.readAllBytes(file);
      int len = raw.length;
      // Files written with echo end in a newline that is not part of the password.
      while (len > 0 && (raw[len - 1] == '\n' || raw[len - 1] == '\r')) {
        len--;
      }
      byte[] password = Arrays.copyOf(raw, len);
      Arrays.fill(raw, (byte) 0);
      return password;
    } catch (IOException e) {
      throw new SshConnectException(
          "cannot read password file " + file + ": " + e.getClass().getSimpleName());
    }
  }

  static String describe(JSchException e, Session session, NodeTarget node, JSch jsch) {
    String address = node.address();
    String msg = String.valueOf(e.getMessage());
    Path knownHosts = node.ssh().knownHostsFile();
    if (e instanceof JSchChangedHostKeyException || msg.startsWith("HostKey has been changed")) {
      return "HOST KEY CHANGED for "
          + address
          + ": the server offered "
          + offeredKey(session, jsch)
          + ", which does not match known_hosts "
          + knownHosts
          + "; refusing to connect (possible man-in-the-middle, or the node was reinstalled)";
    }
    if (e instanceof JSchRevokedHostKeyException) {
      return "host key for "
          + address
          + " is marked @revoked in known_hosts "
          + knownHosts
          + "; refusing to connect";
    }
    if (e instanceof JSchUnknownHostKeyException
        || msg.startsWith("reject HostKey")
        || msg.startsWith("UnknownHostKey")) {
      return "host key for "
          + address
          + " not in known_hosts "
          + knownHosts
          + " (the server offered "
          + offeredKey(session, jsch)
          + "; "
          + (node.port() == 22
              ? ""
              : "entries for port "
                  + node.port()
                  + " are written ["
                  + node.host()
                  + "]:"
                  + node.port()
                  + "; ")
          + "verify it before adding it)";
    }
    if (msg.startsWith("Auth fail") || msg.startsWith("Auth cancel")) {
      return "authentication failed for "
          + node.ssh().user()
          + "@"
          + address
          + " (methods tried: "
          + node.ssh().authMethods()
          + ")";
    }
    Throwable cause = rootCause(e);
    if (cause instanceof UnknownHostException) {
      return "cannot resolve host '" + node.host() + "'";
    }
    if (cause instanceof SocketTimeoutException || msg.startsWith("timeout")) {
      return "connect to "
          + address
          + " timed out after "
          + node.ssh().connectTimeout().toMillis()
          + " ms";
    }
    if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
      return "cannot connect to " + address + ": " + cause.getMessage();
    }
    return "SSH connection to " + address + " failed: " + (cause != e ? cause.toString() : msg);
  }

  private static String offeredKey(Session session, JSch jsch) {
    HostKey key = session.getHostKey();
    return key == null ? "an unknown key" : key.getType() + " key " + key.getFingerPrint(jsch);
  }

  private static Throwable rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c;
  }

  private static int millis(long ms) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, ms));
  }
}
