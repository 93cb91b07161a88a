package dev.corosyncexporter.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * An in-process sshd on 127.0.0.1 that serves canned command output. It records every command line
 * it receives and counts SSH sessions, so tests can check quoting and session reuse.
 *
 * <p>Like the forced-command wrapper, it takes the runner's remote bound ({@code '/usr/bin/timeout'
 * '-k' '1' 'SECONDS'}) off the front of a command line: handlers and {@link #commandLines} see the
 * command itself, {@link #bounds} the SECONDS of each line (null for a line without a bound).
 */
public final class TestSshServer implements AutoCloseable {
  public static final String USER = "monitor";

  /** Serves one command; runs on its own thread and is interrupted if the client gives up. */
  @FunctionalInterface
  public interface Handler {
    int handle(String commandLine, Streams io, ChannelSession channel) throws Exception;
  }

  public record Streams(InputStream in, OutputStream out, OutputStream err) {
    public void print(String s) throws IOException {
      out.write(s.getBytes(StandardCharsets.UTF_8));
    }

    public void printErr(String s) throws IOException {
      err.write(s.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Echoes the command line it received. */
  static final Handler ECHO =
      (cmd, io, ch) -> {
        io.print(cmd);
        return 0;
      };

  final AtomicInteger sessionsCreated = new AtomicInteger();
  final List<String> commandLines = new CopyOnWriteArrayList<>();
  final List<Optional<Double>> bounds = new CopyOnWriteArrayList<>();

  /** The command lines as sent, bound included. */
  final List<String> rawCommandLines = new CopyOnWriteArrayList<>();

  final AtomicBoolean acceptKeys = new AtomicBoolean(true);
  public volatile Handler handler = ECHO;

  private static final Pattern BOUNDED =
      Pattern.compile("'/usr/bin/timeout' '-k' '1' '([0-9]+\\.[0-9]{3})' (.*)", Pattern.DOTALL);

  private final KeyPair hostKey = newEcKey();
  private final SshServer sshd = SshServer.setUpDefaultServer();

  /**
   * @param authorizedKey the one public key accepted for {@link #USER}, as "type base64"
   * @param password accepted for {@link #USER}; null disables password authentication
   */
  public TestSshServer(String authorizedKey, String password) throws IOException {
    sshd.setHost("127.0.0.1");
    sshd.setPort(0);
    sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    sshd.setPublickeyAuthenticator(
        (user, key, session) ->
            acceptKeys.get()
                && USER.equals(user)
                && PublicKeyEntry.toString(key).equals(authorizedKey));
    sshd.setPasswordAuthenticator(
        password == null
            ? null
            : (user, given, session) -> USER.equals(user) && password.equals(given));
    sshd.setKeyboardInteractiveAuthenticator(null);
    sshd.setCommandFactory(
        (channel, commandLine) -> {
          rawCommandLines.add(commandLine);
          Matcher bounded = BOUNDED.matcher(commandLine);
          boolean hasBound = bounded.matches();
          bounds.add(
              hasBound ? Optional.of(Double.parseDouble(bounded.group(1))) : Optional.empty());
          return new CannedCommand(hasBound ? bounded.group(2) : commandLine);
        });
    sshd.addSessionListener(
        new SessionListener() {
          @Override
          public void sessionCreated(Session session) {
            sessionsCreated.incrementAndGet();
          }
        });
    sshd.start();
  }

  public int port() {
    return sshd.getPort();
  }

  /** The known_hosts line for this server, in the [host]:port form used for ports other than 22. */
  public String knownHostsLine() {
    return knownHostsLine(port(), hostKey.getPublic());
  }

  public static String knownHostsLine(int port, PublicKey key) {
    return "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(key);
  }

  public static KeyPair newEcKey() {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
      gen.initialize(new ECGenParameterSpec("secp256r1"));
      return gen.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    sshd.stop(true);
  }

  private final class CannedCommand implements Command {
    private final String commandLine;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private Thread worker;

    CannedCommand(String commandLine) {
      this.commandLine = commandLine;
    }

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
      this.exit = exit;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
      commandLines.add(commandLine);
      Handler h = handler;
      worker =
          new Thread(
              () -> {
                try {
                  int code = h.handle(commandLine, new Streams(in, out, err), channel);
                  out.flush();
                  err.flush();
                  exit.onExit(code);
                } catch (InterruptedException | InterruptedIOException destroyed) {
                  // The client went away; nothing to report to.
                } catch (Exception e) {
                  exit.onExit(255, e.toString());
                }
              },
              "test-sshd-command");
      worker.setDaemon(true);
      worker.start();
    }

    @Override
    public void destroy(ChannelSession channel) {
      if (worker != null) {
        worker.interrupt();
      }
    }
  }
}
