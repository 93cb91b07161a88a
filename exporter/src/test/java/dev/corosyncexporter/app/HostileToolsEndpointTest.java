package dev.corosyncexporter.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corosyncexporter.collector.CollectorSelection;
import dev.corosyncexporter.collector.CorosyncTools;
import dev.corosyncexporter.collector.TestCollectors;
import dev.corosyncexporter.collector.ToolPaths;
import dev.corosyncexporter.command.Footprint;
import dev.corosyncexporter.command.HostileTools;
import dev.corosyncexporter.concurrent.DaemonThreads;
import dev.corosyncexporter.http.HttpServerFactory;
import dev.corosyncexporter.http.WebOptions;
import dev.corosyncexporter.scrape.BuildInfo;
import io.javalin.Javalin;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole local exporter over HTTP (real runner, real processes, real web server) with the quorum
 * tool replaced by a fake that misbehaves (src/test/resources/hostile-tools): every scrape answers
 * 200 within Prometheus' deadline with the quorum collector failed, and after 20 scrapes and the
 * exporter's shutdown nothing is left: threads, descriptors, processes. The runner-level suite
 * (HostileToolsTest) covers each tool in more detail; this one proves the endpoint.
 */
class HostileToolsEndpointTest {
  private static final int SCRAPES = 20;

  /** Prometheus' timeout as the header says it; the exporter's deadline is 0.5 s less. */
  private static final String SCRAPE_TIMEOUT = "1.5";

  /**
   * Prometheus' timeout: the exporter's 1 s deadline plus the 0.5 s margin it keeps for answering.
   */
  private static final Duration ANSWERED_WITHIN = Duration.ofMillis(1500);

  /** The first scrape of a fresh JVM also loads the web server's and the writers' classes. */
  private static final Duration FIRST_ANSWERED_WITHIN = Duration.ofSeconds(5);

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "sleeping",
        "ignores-sigterm",
        "endless-output",
        "huge-output",
        "binary-output",
        "setsid-grandchild",
        "member-lines"
      })
  void theEndpointAnswersInTimeAndNothingLeaks(String tool) throws Exception {
    // The tools take their marker as $1: the quorum collector passes "-p".
    String marker = "-p";
    ExecutorService executor = Executors.newCachedThreadPool(DaemonThreads.named("collector"));
    LocalMode.Started local =
        LocalMode.start(
            new LocalMode.Settings(
                new CollectorSelection(List.of(TestCollectors.named("quorum")), List.of()),
                Optional.empty(),
                new ToolPaths(
                    Map.of(
                        CorosyncTools.QUORUMTOOL.name(),
                        HostileTools.path(tool),
                        // No configuration: the quorum collector does without it.
                        CorosyncTools.CMAPCTL.name(),
                        "/nonexistent/corosync-cmapctl")),
                Duration.ofSeconds(4),
                false,
                "host"),
            executor,
            new BuildInfo("test", "test"));
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(local.exporter());
    Javalin app =
        HttpServerFactory.create(
            new WebOptions("127.0.0.1", 0, "/metrics"), registry, Optional.empty(), () -> true);
    app.start();
    Footprint before = null;
    try {
      String url = "http://127.0.0.1:" + app.port() + "/metrics";
      for (int i = 0; i <= SCRAPES; i++) {
        if (i == 1) {
          // After one scrape: classes loaded, pools started, as in a running exporter.
          before = Footprint.now();
        }
        long start = System.nanoTime();
        HttpResponse<String> r =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                    .header("X-Prometheus-Scrape-Timeout-Seconds", SCRAPE_TIMEOUT)
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(took)
            .as("scrape %d answered by Prometheus' timeout", i)
            .isLessThan(i == 0 ? FIRST_ANSWERED_WITHIN : ANSWERED_WITHIN);
        assertThat(r.body())
            .contains(
                "corosync_exporter_collector_success{collector=\"quorum\",node_name=\"host\"} 0.0");
      }
      Footprint after = Footprint.settledTo(before, Duration.ofSeconds(5));
      System.out.printf("endpoint, %s x%d: %s%n", tool, SCRAPES, after.since(before));
      // Two spare threads: the web server's and the collectors' pools may keep one they started.
      after.assertNothingLeftSince(before, 2);
    } finally {
      app.stop();
      local.close();
      executor.shutdownNow();
    }
    assertThat(HostileTools.processesMarked(marker))
        .as("processes the tools started, after shutdown")
        .isEmpty();
  }
}
