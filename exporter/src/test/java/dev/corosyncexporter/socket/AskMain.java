package dev.corosyncexporter.socket;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Run by {@link DaemonSocketTest} in a JVM of its own as another user (the tests run as root, whom
 * no file permission refuses): asks the socket once and prints the outcome and its text.
 */
final class AskMain {
  private AskMain() {}

  public static void main(String[] args) {
    DaemonReply reply =
        new DaemonSocket(Path.of(args[0]))
            .ask(DaemonRequest.valueOf(args[1]), Duration.ofSeconds(10));
    System.out.println(reply.outcome() + " " + reply.text());
  }
}
