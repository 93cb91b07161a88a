package dev.corosyncexporter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The web layer on a real Jetty on a free loopback port, with a fixed collector behind it. */
class HttpServerTest {
  private final HttpClient client = HttpClient.newHttpClient();
  private final AtomicBoolean ready = new AtomicBoolean(false);
  private Javalin app;
  private String base;

  @BeforeEach
  void start() {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(
        (MultiCollector)
            () ->
                MetricSnapshots.of(
                    GaugeSnapshot.builder()
                        .name("corosync_quorate")
                        .help("test")
                        .dataPoint(
                            GaugeSnapshot.GaugeDataPointSnapshot.builder()
                                .labels(Labels.of("cluster_name", "lab", "node_name", "node1"))
                                .value(1)
                                .build())
                        .build(),
                    GaugeSnapshot.builder()
                        .name("corosync_knet_link_latency_seconds")
                        .unit(Unit.SECONDS)
                        .help("test")
                        .dataPoint(
                            GaugeSnapshot.GaugeDataPointSnapshot.builder().value(0.0002).build())
                        .build()));
    PrometheusRegistry probed = new PrometheusRegistry();
    ProbeHandler probe =
        new ProbeHandler() {
          @Override
          public Set<String> targets() {
            return Set.of("prod");
          }

          @Override
          public Optional<PrometheusRegistry> registryFor(String target) {
            return "prod".equals(target) ? Optional.of(probed) : Optional.empty();
          }
        };
    app =
        HttpServerFactory.create(
                new WebOptions("127.0.0.1", 0, "/metrics"),
                registry,
                Optional.of(probe),
                ready::get)
            .start();
    base = "http://127.0.0.1:" + app.port();
  }

  @AfterEach
  void stop() {
    app.stop();
  }

  private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void metricsInPrometheusTextByDefault() throws Exception {
    HttpResponse<byte[]> r = get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(text(r)).contains("corosync_quorate{cluster_name=\"lab\",node_name=\"node1\"} 1.0");
  }

  /**
   * The server's threads come from its own small pool: more requests at once than the pool has
   * threads all get their answer (queued), and the server's threads never exceed the pool.
   */
  @Test
  void aSmallThreadPoolStillAnswersRequestsAtOnce() throws Exception {
    int requests = HttpServerFactory.MAX_THREADS * 2;
    List<CompletableFuture<HttpResponse<byte[]>>> answers = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      answers.add(
          client.sendAsync(
              HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofByteArray()));
    }
    for (CompletableFuture<HttpResponse<byte[]>> a : answers) {
      assertThat(a.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    long serverThreads =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith(HttpServerFactory.THREAD_NAME + "-"))
            .count();
    assertThat(serverThreads).isBetween(1L, (long) HttpServerFactory.MAX_THREADS);
  }

  @Test
  void openMetricsWhenAsked() throws Exception {
    HttpResponse<byte[]> r =
        get("/metrics", "Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/openmetrics-text"));
    assertThat(text(r))
        .contains("# UNIT corosync_knet_link_latency_seconds seconds")
        .endsWith("# EOF\n");
  }

  @Test
  void gzipWhenAskedAndOnlyOnce() throws Exception {
    HttpResponse<byte[]> r = get("/metrics", "Accept-Encoding", "gzip");
    assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
    String body =
        new String(
            new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes(),
            StandardCharsets.UTF_8);
    assertThat(body).contains("corosync_quorate");
  }

  @Test
  void nameFilterSelectsFamilies() throws Exception {
    String body = text(get("/metrics?name[]=corosync_quorate"));
    assertThat(body)
        .contains("corosync_quorate")
        .doesNotContain("corosync_knet_link_latency_seconds");
  }

  @Test
  void landingPageHealthAndHeaders() throws Exception {
    HttpResponse<byte[]> landing = get("/");
    assertThat(landing.statusCode()).isEqualTo(200);
    assertThat(text(landing)).contains("href=\"/metrics\"").contains("/probe?target=prod");
    assertThat(landing.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(landing.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(get("/-/healthy").statusCode()).isEqualTo(200);
    assertThat(get("/nope").statusCode()).isEqualTo(404);
  }

  @Test
  void traceIsRefused() throws Exception {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/metrics"))
                .method("TRACE", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(405);
  }

  @Test
  void probeAcceptsOnlyConfiguredTargets() throws Exception {
    assertThat(get("/probe?target=prod").statusCode()).isEqualTo(200);
    HttpResponse<byte[]> unknown = get("/probe?target=evil.example.org");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(text(unknown)).contains("unknown target 'evil.example.org'").contains("prod");
    HttpResponse<byte[]> missing = get("/probe");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(text(missing)).contains("missing parameter 'target'");
  }

  @Test
  void readyOnlyOnceTheSignalSaysSo() throws Exception {
    HttpResponse<byte[]> before = get("/-/ready");
    assertThat(before.statusCode()).isEqualTo(503);
    assertThat(text(before)).isEqualTo("Not ready: the first collection has not finished yet\n");
    assertThat(get("/-/healthy").statusCode()).isEqualTo(200);

    ready.set(true);
    HttpResponse<byte[]> after = get("/-/ready");
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(text(after)).isEqualTo("Ready\n");
  }

  @Test
  void debugFormatsStillWork() throws Exception {
    HttpResponse<byte[]> r = get("/metrics?debug=openmetrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(text(r)).contains("# UNIT corosync_knet_link_latency_seconds seconds");
    assertThat(get("/metrics?debug=text").statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/metrics?debug=%3Cscript%3Ealert(1)%3C/script%3E",
        "/metrics?debug=",
        "/metrics?debug=text&debug=x-evil",
        "/metrics?debug=prometheus-protobuf",
        "/probe?target=prod&debug=x-evil"
      })
  void unknownDebugValueIsABadRequestThatDoesNotEchoIt(String path) throws Exception {
    HttpResponse<byte[]> r = get(path);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
    assertThat(text(r))
        .isEqualTo("unsupported value for parameter 'debug' (use openmetrics or text)\n");
  }

  /** Anything but plain segments: router patterns, query and fragment marks, blanks, "//". */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "/{x}",
        "/a}",
        "/<x>",
        "/a>",
        "/*",
        "/m?x=1",
        "/m#top",
        "/a b",
        "/a\tb",
        "//",
        "/metrics/",
        "/a//b",
        "/m%C3%A9trics"
      })
  void refusesATelemetryPathTheRouterWouldMisread(String path) {
    assertThatThrownBy(() -> create(path))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "segments of letters, digits, '.', '_', '~' and '-' only, each after one '/', got '"
                + path
                + "'");
  }

  @Test
  void refusesATelemetryPathWithoutItsLeadingSlash() {
    assertThatThrownBy(() -> create("metrics")).hasMessage("must start with '/', got 'metrics'");
  }

  @Test
  void refusesEveryPathItServesItself() {
    assertThat(HttpServerFactory.OWN_PATHS).contains("/", "/-/healthy", "/-/ready", "/probe");
    for (String own : HttpServerFactory.OWN_PATHS) {
      assertThatThrownBy(() -> create(own))
          .as(own)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("must not be '" + own + "', which the exporter serves itself");
    }
  }

  /** The reserved list is the routes: each answers (with a probe handler), an unknown path not. */
  @Test
  void itServesEveryPathItReserves() throws Exception {
    for (String own : HttpServerFactory.OWN_PATHS) {
      assertThat(get(own).statusCode()).as(own).isNotEqualTo(404);
    }
    assertThat(get("/-/other").statusCode()).isEqualTo(404);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/metrics", "/probe2", "/-/metrics", "/corosync/metrics", "/v1.2/m_x~y-z"})
  void acceptsOrdinaryTelemetryPaths(String path) {
    assertThatCode(() -> HttpServerFactory.checkTelemetryPath(path)).doesNotThrowAnyException();
  }

  private static Javalin create(String telemetryPath) {
    return HttpServerFactory.create(
        new WebOptions("127.0.0.1", 0, telemetryPath),
        new PrometheusRegistry(),
        Optional.empty(),
        () -> true);
  }

  @Test
  void aTelemetryPathIsMatchedLiterally() throws Exception {
    Javalin other =
        HttpServerFactory.create(
                new WebOptions("127.0.0.1", 0, "/corosync/metrics"),
                new PrometheusRegistry(),
                Optional.empty(),
                () -> true)
            .start();
    try {
      String otherBase = "http://127.0.0.1:" + other.port();
      HttpResponse<String> hit =
          client.send(
              HttpRequest.newBuilder(URI.create(otherBase + "/corosync/metrics")).build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> miss =
          client.send(
              HttpRequest.newBuilder(URI.create(otherBase + "/corosync/other")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(hit.statusCode()).isEqualTo(200);
      assertThat(miss.statusCode()).isEqualTo(404);
    } finally {
      other.stop();
    }
  }
}
