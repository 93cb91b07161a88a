package dev.corosyncexporter.http;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The web layer on a real Jetty on a free loopback port, with a fixed collector behind it. */
class HttpServerTest {
  private final HttpClient client = HttpClient.newHttpClient();
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
                        .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(0.0002).build())
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
    app = HttpServerFactory.create(new WebOptions("127.0.0.1", 0, "/metrics"), registry, Optional.of(probe)).start();
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
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(text(r)).contains("corosync_quorate{cluster_name=\"lab\",node_name=\"node1\"} 1.0");
  }

  @Test
  void openMetricsWhenAsked() throws Exception {
    HttpResponse<byte[]> r = get("/metrics", "Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/openmetrics-text"));
    assertThat(text(r)).contains("# UNIT corosync_knet_link_latency_seconds seconds").endsWith("# EOF\n");
  }

  @Test
  void gzipWhenAskedAndOnlyOnce() throws Exception {
    HttpResponse<byte[]> r = get("/metrics", "Accept-Encoding", "gzip");
    assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
    String body = new String(new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes(), StandardCharsets.UTF_8);
    assertThat(body).contains("corosync_quorate");
  }

  @Test
  void nameFilterSelectsFamilies() throws Exception {
    String body = text(get("/metrics?name[]=corosync_quorate"));
    assertThat(body).contains("corosync_quorate").doesNotContain("corosync_knet_link_latency_seconds");
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
            HttpRequest.newBuilder(URI.create(base + "/metrics")).method("TRACE", HttpRequest.BodyPublishers.noBody()).build(),
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
}
