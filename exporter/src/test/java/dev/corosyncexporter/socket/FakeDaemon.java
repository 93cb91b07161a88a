package dev.corosyncexporter.socket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A stand-in for corosync-qdevice or corosync-qnetd on a real unix-domain socket: it accepts each
 * connection, reads the request line as the daemons do (up to the first newline), keeps its bytes,
 * and then does what its {@link Behaviour} says (answer and close, close at once, hold the
 * connection). Closing it closes every connection it holds and ends its thread.
 */
public final class FakeDaemon implements AutoCloseable {

  /** What the daemon does with one connection once it has read the request line. */
  @FunctionalInterface
  public interface Behaviour {
    /** Return true to close the connection, false to hold it until the daemon is closed. */
    boolean serve(SocketChannel client, byte[] request) throws IOException;
  }

  private final Path path;

  private final ServerSocketChannel server;
  private final Thread thread;
  private final List<byte[]> requests = new CopyOnWriteArrayList<>();
  private final List<SocketChannel> held = new CopyOnWriteArrayList<>();

  private FakeDaemon(Path path, Behaviour behaviour) throws IOException {
    this.path = path;
    this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(path));
    this.thread = new Thread(() -> serveAll(behaviour), "fake-daemon");
    thread.setDaemon(true);
    thread.start();
  }

  public static FakeDaemon start(Path path, Behaviour behaviour) throws IOException {
    return new FakeDaemon(path, behaviour);
  }

  /** Answers every request with {@code reply}, then closes, as the daemons do. */
  public static FakeDaemon replying(Path path, String reply) throws IOException {
    byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
    return start(
        path,
        (client, request) -> {
          write(client, bytes);
          return true;
        });
  }

  /** Answers each request line with what {@code answer} makes of it, then closes. */
  public static FakeDaemon answering(Path path, Function<byte[], String> answer)
      throws IOException {
    return start(
        path,
        (client, request) -> {
          write(client, answer.apply(request).getBytes(StandardCharsets.UTF_8));
          return true;
        });
  }

  public static void write(SocketChannel client, byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      client.write(b);
    }
  }

  public Path path() {
    return path;
  }

  /** The request lines received so far, newline included, exactly as they came. */
  public List<byte[]> requests() {
    return requests;
  }

  /**
   * How many of the connections it holds have been closed by their client: a read on this end then
   * sees end of input at once.
   */
  public int heldClosedByClient() throws IOException {
    int closed = 0;
    for (SocketChannel c : held) {
      c.configureBlocking(false);
      if (c.read(ByteBuffer.allocate(1)) < 0) {
        closed++;
      }
    }
    return closed;
  }

  private void serveAll(Behaviour behaviour) {
    while (server.isOpen()) {
      SocketChannel client;
      try {
        client = server.accept();
      } catch (IOException closed) {
        return;
      }
      try {
        byte[] request = readLine(client);
        requests.add(request);
        if (behaviour.serve(client, request)) {
          client.close();
        } else {
          held.add(client);
        }
      } catch (IOException e) {
        // the client went away; as the daemons do, drop it
        closeQuietly(client);
      }
    }
  }

  /** Reads up to and including the first newline, or to end of input. */
  private static byte[] readLine(SocketChannel client) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    ByteBuffer one = ByteBuffer.allocate(1);
    while (client.read(one) > 0) {
      line.write(one.get(0));
      if (one.get(0) == '\n') {
        break;
      }
      one.clear();
    }
    return line.toByteArray();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    server.close();
    held.forEach(FakeDaemon::closeQuietly);
    thread.join(TimeUnit.SECONDS.toMillis(10));
    Files.deleteIfExists(path);
  }

  private static void closeQuietly(SocketChannel c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
