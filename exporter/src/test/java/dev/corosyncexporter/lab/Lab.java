package dev.corosyncexporter.lab;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Drives lab/lab.sh: a real corosync cluster in network namespaces. Tests call this, never the
 * namespaces directly, so the lab's shape lives in one script that people can also run by hand. A
 * test class holds its lab in a static {@code @AutoClose} field: JUnit tears it down after the
 * class, whether its tests passed or not.
 */
public final class Lab implements AutoCloseable {
  public static final int EXPORTER_PORT = 9679;

  /** The monitoring host of {@code up(..., "--monitor")}, where central-mode exporters run. */
  public static final String MONITOR = "monitor";

  /** What lab.sh may take for one step; bringing a lab up is the longest. */
  private static final Duration SH_LIMIT = Duration.ofSeconds(180);

  private static final Duration EXEC_LIMIT = Duration.ofSeconds(60);
  private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(30);
  private static final Duration CONVERGE = Duration.ofSeconds(60);
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
    return LabCommand.run(argv, SH_LIMIT);
  }

  /** Runs a command inside a lab host; returns stdout, whatever the exit code. */
  public String exec(String host, String... command) {
    List<String> argv = new ArrayList<>(List.of("bash", script.toString(), "exec", host, "--"));
    argv.addAll(List.of(command));
    return LabCommand.runLenient(argv, EXEC_LIMIT);
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
    return startExporterHiding(host, name, port, List.of(), flags);
  }

  /**
   * The same, with {@code hidden} files out of the exporter's sight: in a mount namespace of its
   * own, each is covered by /dev/null (a library there no longer loads), the host's other processes
   * untouched.
   */
  public String startExporterHiding(
      String host, String name, int port, List<String> hidden, String... flags) {
    String addr = addr(host);
    List<String> argv = new ArrayList<>(List.of("spawn", host, name));
    hidden.forEach(f -> argv.addAll(List.of("--hide", f)));
    argv.add("--");
    argv.addAll(
        List.of(
            javaBinary(),
            jvmOptions(),
            "-jar",
            jar.toString(),
            "--web.listen-address=" + addr + ":" + port));
    argv.addAll(List.of(flags));
    sh(argv.toArray(String[]::new));
    return awaitHealthy(host, name, "http://" + addr + ":" + port);
  }

  /**
   * Starts a central-mode exporter on the monitoring host (--monitor), as daemon {@code name} on
   * {@code port}, with this configuration (written to the lab directory as NAME.yml); returns its
   * URL. It runs with the JVM's defaults, not the nodes' jvm.options.
   */
  public String startCentralExporter(String name, int port, String... yaml) {
    Path config = LabPreconditions.labDir().resolve(name + ".yml");
    try {
      Files.writeString(config, String.join("\n", yaml) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String addr = addr(MONITOR);
    sh(
        "spawn",
        MONITOR,
        name,
        "--",
        javaBinary(),
        "-jar",
        jar.toString(),
        "--web.listen-address=" + addr + ":" + port,
        "--config.file=" + config);
    return awaitHealthy(MONITOR, name, "http://" + addr + ":" + port);
  }

  /** Waits until the daemon answers /-/healthy; fails with its log when it does not in time. */
  private String awaitHealthy(String host, String name, String base) {
    long deadline = System.nanoTime() + HEALTHY_WITHIN.toNanos();
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
        name + " on " + host + " did not come up; log:\n" + daemonLog(host, name));
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
    return daemonLog(host, "exporter");
  }

  /** What a daemon started by lab.sh (spawn or start) has written to its log so far. */
  public String daemonLog(String host, String name) {
    try {
      return Files.readString(LabPreconditions.labDir().resolve(host).resolve(name + ".log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** The pid of a daemon started by lab.sh (spawn or start), from its pid file. */
  public long pid(String host, String name) {
    Path file = LabPreconditions.labDir().resolve(host).resolve(name + ".pid");
    try {
      return Long.parseLong(Files.readString(file).strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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

  /**
   * Scrapes until the condition holds, for up to a minute (what the lab's faults take to converge);
   * returns the scrape that met it, or fails with the last one.
   */
  public static Exposition awaitScrape(String baseUrl, Predicate<Exposition> condition) {
    AtomicReference<Exposition> last = new AtomicReference<>();
    try {
      await()
          .atMost(CONVERGE)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                Exposition e = scrape(baseUrl);
                last.set(e);
                return condition.test(e);
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "condition not reached on "
              + baseUrl
              + "; last scrape:\n"
              + (last.get() == null ? "(none)" : last.get().text()),
          e);
    }
    return last.get();
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
}
