package dev.corosyncexporter.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corosyncexporter.lab.Lab;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Prometheus and Alertmanager on loopback in the root namespace, scraping the lab's
 * exporters over the management network, with the project's rules and Alertmanager config.
 */
final class MonitoringStack implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Path dir;
  private final List<Process> processes = new ArrayList<>();
  private final int prometheusPort;
  private final int alertmanagerPort;

  private MonitoringStack(Path dir, int prometheusPort, int alertmanagerPort) {
    this.dir = dir;
    this.prometheusPort = prometheusPort;
    this.alertmanagerPort = alertmanagerPort;
  }

  /**
   * @param targets exporter addresses (host:port) of job "corosync"
   * @param rules the rule file as Prometheus should load it
   * @param alertmanagerConfig the Alertmanager config as it should run
   */
  public static MonitoringStack start(
      List<String> targets, String scrapeInterval, String rules, String alertmanagerConfig)
      throws IOException {
    Path dir = Files.createTempDirectory("corosync-monitoring");
    MonitoringStack stack = new MonitoringStack(dir, freePort(), freePort());
    Files.writeString(dir.resolve("corosync.rules.yml"), rules);
    Files.writeString(dir.resolve("alertmanager.yml"), alertmanagerConfig);
    StringBuilder prom = new StringBuilder();
    prom.append("global:\n  scrape_interval: ")
        .append(scrapeInterval)
        .append("\n  scrape_timeout: ")
        .append(scrapeInterval)
        .append("\n  evaluation_interval: ")
        .append(scrapeInterval)
        .append("\n");
    prom.append("rule_files: [").append(dir.resolve("corosync.rules.yml")).append("]\n");
    prom.append(
            "alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['127.0.0.1:")
        .append(stack.alertmanagerPort)
        .append("']\n");
    prom.append("scrape_configs:\n  - job_name: corosync\n    static_configs:\n      - targets: [");
    prom.append(String.join(", ", targets.stream().map(t -> "'" + t + "'").toList())).append("]\n");
    Files.writeString(dir.resolve("prometheus.yml"), prom.toString());
    stack.spawn(
        "alertmanager",
        List.of(
            "prometheus-alertmanager",
            "--config.file=" + dir.resolve("alertmanager.yml"),
            "--storage.path=" + dir.resolve("am-data"),
            "--web.listen-address=127.0.0.1:" + stack.alertmanagerPort,
            "--cluster.listen-address="));
    stack.spawn(
        "prometheus",
        List.of(
            "prometheus",
            "--config.file=" + dir.resolve("prometheus.yml"),
            "--storage.tsdb.path=" + dir.resolve("prom-data"),
            "--web.listen-address=127.0.0.1:" + stack.prometheusPort,
            // Alerts go out as soon as they fire, not on Prometheus' default 1m resend cadence.
            "--rules.alert.resend-delay=1s"));
    stack.awaitReady("http://127.0.0.1:" + stack.prometheusPort + "/-/ready");
    stack.awaitReady("http://127.0.0.1:" + stack.alertmanagerPort + "/-/ready");
    return stack;
  }

  private void spawn(String name, List<String> argv) throws IOException {
    processes.add(
        new ProcessBuilder(argv)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile())
            .start());
  }

  private void awaitReady(String url) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try {
        if (HTTP.send(
                    HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      Lab.sleep(250);
    }
    throw new AssertionError(url + " not ready; logs:\n" + logs());
  }

  /** Runs an instant query; returns the "result" array. */
  public JsonNode query(String promql) throws IOException {
    String url =
        "http://127.0.0.1:"
            + prometheusPort
            + "/api/v1/query?query="
            + URLEncoder.encode(promql, StandardCharsets.UTF_8);
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode body = JSON.readTree(r.body());
      if (!"success".equals(body.path("status").asText())) {
        throw new AssertionError("query failed: " + promql + ": " + r.body());
      }
      return body.path("data").path("result");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** Alerts Prometheus currently has firing or pending. */
  public JsonNode alerts() throws IOException {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + prometheusPort + "/api/v1/alerts"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(r.body()).path("data").path("alerts");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  public String logs() {
    StringBuilder b = new StringBuilder();
    for (String name : List.of("prometheus", "alertmanager")) {
      try {
        List<String> lines = Files.readAllLines(dir.resolve(name + ".log"));
        b.append("== ").append(name).append('\n');
        lines
            .subList(Math.max(0, lines.size() - 30), lines.size())
            .forEach(l -> b.append(l).append('\n'));
      } catch (IOException e) {
        b.append("(no ").append(name).append(" log)\n");
      }
    }
    return b.toString();
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.destroy();
      try {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          p.waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // a temp dir left behind is harmless
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
