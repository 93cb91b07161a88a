package dev.corosyncexporter.lab;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Drives lab/lab.sh: a real corosync cluster in network namespaces. Tests call this, never the
 * namespaces directly, so the lab's shape lives in one script that people can also run by hand.
 */
public final class Lab implements AutoCloseable {
  public static final int EXPORTER_PORT = 9679;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  private final Path script;
  private final Path jar;

  private Lab(Path script, Path jar) {
    this.script = script;
    this.jar = jar;
  }

  /**
   * Brings up a lab (after tearing down any left over by an aborted run). With {@code --pmxcfs} it
   * also needs Proxmox's pmxcfs sources beside the project: skipped without, failed under CI=true.
   */
  public static Lab up(String... shape) {
    if (List.of(shape).contains("--pmxcfs")) {
      LabPreconditions.checkPmxcfs();
    } else {
      LabPreconditions.check();
    }
    Lab lab = new Lab(LabPreconditions.script(), LabPreconditions.jar());
    lab.sh("down");
    List<String> args = new ArrayList<>(List.of("up"));
    args.addAll(List.of(shape));
    lab.sh(args.toArray(String[]::new));
    return lab;
  }

  public String sh(String... args) {
    List<String> argv = new ArrayList<>(List.of("bash", script.toString()));
    argv.addAll(List.of(args));
    return run(argv, 180);
  }

  /** Runs a command inside a lab host; returns stdout, whatever the exit code. */
  public String exec(String host, String... command) {
    List<String> argv = new ArrayList<>(List.of("bash", script.toString(), "exec", host, "--"));
    argv.addAll(List.of(command));
    return runLenient(argv);
  }

  public String addr(String host) {
    return sh("addr", host).strip();
  }

  /**
   * Starts the exporter inside a host's namespaces, listening on its management address; returns
   * its URL.
   */
  public String startExporter(String host, String... flags) {
    return startExporter(host, "exporter", EXPORTER_PORT, flags);
  }

  /**
   * Starts another exporter in the same host, as daemon {@code name} on {@code port} (to compare
   * two sources side by side).
   */
  public String startExporter(String host, String name, int port, String... flags) {
    String addr = addr(host);
    List<String> argv =
        new ArrayList<>(
            List.of(
                "spawn",
                host,
                name,
                "--",
                javaBinary(),
                jvmOptions(),
                "-jar",
                jar.toString(),
                "--web.listen-address=" + addr + ":" + port));
    argv.addAll(List.of(flags));
    sh(argv.toArray(String[]::new));
    String base = "http://" + addr + ":" + port;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try {
        if (get(base + "/-/healthy").statusCode() == 200) {
          return base;
        }
      } catch (IOException e) {
        // not listening yet
      }
      sleep(200);
    }
    throw new AssertionError(
        "exporter on " + host + " did not come up; log:\n" + exporterLog(host));
  }

  /**
   * The JVM flags we ship for nodes (packaging/jvm.options), so the lab runs what production runs.
   */
  public static String jvmOptions() {
    return "@" + LabPreconditions.script().getParent().getParent().resolve("packaging/jvm.options");
  }

  public static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * SIGSTOP to one host's daemon (lab.sh freeze): it hangs every client, as a stuck corosync does.
   */
  public void freeze(String host, String daemon) {
    sh("freeze", host, daemon);
  }

  public void thaw(String host, String daemon) {
    sh("thaw", host, daemon);
  }

  public void stopExporter(String host) {
    sh("stop", host, "exporter");
  }

  public String exporterLog(String host) {
    try {
      return Files.readString(LabPreconditions.labDir().resolve(host).resolve("exporter.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  public static HttpResponse<String> get(String url) throws IOException {
    return get(url, Map.of());
  }

  public static HttpResponse<String> get(String url, Map<String, String> headers)
      throws IOException {
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
      headers.forEach(b::header);
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  public static Exposition scrape(String baseUrl) {
    try {
      HttpResponse<String> r = get(baseUrl + "/metrics");
      if (r.statusCode() != 200) {
        throw new AssertionError(
            "scrape of " + baseUrl + " returned " + r.statusCode() + ": " + r.body());
      }
      return Exposition.parse(r.body());
    } catch (IOException e) {
      throw new AssertionError("scrape of " + baseUrl + " failed: " + e, e);
    }
  }

  @Override
  public void close() {
    sh("down");
  }

  public static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String run(List<String> argv, int timeoutSeconds) {
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", argv) + " timed out");
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new AssertionError(
            String.join(" ", argv) + " exited " + p.exitValue() + ":\n" + text);
      }
      return text;
    } catch (IOException e) {
      throw new AssertionError(String.join(" ", argv) + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }

  private static String runLenient(List<String> argv) {
    try {
      Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      byte[] out = p.getInputStream().readAllBytes();
      p.waitFor(60, TimeUnit.SECONDS);
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(String.join(" ", argv) + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }
}
