package dev.corosyncexporter.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads fixtures from the test classpath: recorded ones from fixtures/, hand-written ones from
 * fixtures/older/.
 */
final class Fixtures {

  private Fixtures() {}

  /** stdout of a recorded fixture, e.g. {@code out("quorumtool-p-2n-qd-healthy")}. */
  static String out(String name) {
    return read("fixtures/" + name + ".out");
  }

  static String older(String name) {
    return read("fixtures/older/" + name + ".out");
  }

  /** Names (without ".out") of the recorded fixtures starting with prefix, sorted. */
  static List<String> recorded(String prefix) {
    return required("fixtures", prefix);
  }

  static List<String> hand(String prefix) {
    return required("fixtures/older", prefix);
  }

  /**
   * Like {@link #recorded} and {@link #hand} together, where either may have none: a parser's whole
   * test input.
   */
  static List<String> recordedOrHand(String prefix) {
    List<String> out = new java.util.ArrayList<>(list("fixtures", prefix));
    list("fixtures/older", prefix).forEach(n -> out.add("older/" + n));
    return out;
  }

  private static List<String> required(String dir, String prefix) {
    List<String> names = list(dir, prefix);
    if (names.isEmpty()) {
      throw new IllegalStateException("no fixtures " + dir + "/" + prefix + "*");
    }
    return names;
  }

  private static List<String> list(String dir, String prefix) {
    URL url = Fixtures.class.getClassLoader().getResource(dir);
    if (url == null) {
      throw new IllegalStateException("no " + dir + " on the test classpath");
    }
    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
      List<String> names =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.startsWith(prefix) && n.endsWith(".out"))
              .map(n -> n.substring(0, n.length() - ".out".length()))
              .sorted()
              .toList();
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String read(String resource) {
    try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
