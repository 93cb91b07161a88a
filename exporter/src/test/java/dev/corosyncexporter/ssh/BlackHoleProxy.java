package dev.corosyncexporter.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder whose existing connections can be turned into black holes: bytes are still
 * accepted but never delivered, like a peer that lost power. New connections work normally.
 */
final class BlackHoleProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int targetPort;
  private final List<Link> links = new CopyOnWriteArrayList<>();

  BlackHoleProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "black-hole-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Every connection open now stops delivering data in both directions. */
  void swallowExistingConnections() {
    links.forEach(l -> l.swallowing = true);
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Link l : links) {
      l.client.close();
      l.server.close();
    }
  }

  private void acceptLoop() {
    try {
      while (true) {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        Link link = new Link(client, server);
        links.add(link);
        pump(link, client, server);
        pump(link, server, client);
      }
    } catch (IOException closed) {
      // Listener closed at the end of the test.
    }
  }

  private static void pump(Link link, Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[16384];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  if (!link.swallowing) {
                    out.write(buf, 0, n);
                    out.flush();
                  }
                }
              } catch (IOException ignored) {
                // Either side closed.
              }
            },
            "black-hole-pump");
    t.setDaemon(true);
    t.start();
  }

  private static final class Link {
    final Socket client;
    final Socket server;
    volatile boolean swallowing;

    Link(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }
  }
}
