package dev.corosyncexporter.http;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Builds (does not start) the exporter's web server. Handlers stay thin; the work is in the
 * collectors.
 */
public final class HttpServerFactory {
  private static final String LANDING_PAGE = "/";
  private static final String HEALTHY = "/-/healthy";
  private static final String READY = "/-/ready";
  private static final String PROBE = "/probe";

  /** Paths the server answers itself, which the telemetry path must not take over. */
  static final Set<String> OWN_PATHS = Set.of(LANDING_PAGE, HEALTHY, READY, PROBE);

  /**
   * A plain path: segments of unreserved URL characters only. Javalin reads {@code {x}} and {@code
   * <x>} in a route as path parameters and {@code *} as a wildcard; {@code ?} and {@code #} end the
   * path part of a URL; the router ignores a trailing '/'. None of these can slip through an
   * allow-list.
   */
  private static final Pattern PLAIN_PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

  /**
   * client_java's {@code debug=} values for the formats on our class path (protobuf is not
   * bundled). It answers any other value with a 500 that quotes the value; we answer 400 without
   * quoting it.
   */
  private static final Set<String> DEBUG_FORMATS = Set.of("openmetrics", "text");

  /**
   * Jetty's threads: Javalin's default pool keeps 8 alive and grows to 250, for a server that
   * answers one Prometheus every 15 s. Each idle thread still costs its touched stack and a malloc
   * arena's share, measured in docs/performance.md. Jetty takes an acceptor and one selector per
   * two cores (at most 4 each) from the pool; the maximum leaves room for those and a few
   * concurrent requests, and later requests queue. Threads above the minimum end after {@link
   * #IDLE_MS}.
   */
  static final int MIN_THREADS = 2;

  static final int MAX_THREADS = 16;
  static final int IDLE_MS = 60_000;
  static final String THREAD_NAME = "http";

  private HttpServerFactory() {}

  /**
   * Builds the exporter's web server with its routes; the caller starts it.
   *
   * @throws IllegalArgumentException if {@code web.telemetryPath()} is not usable, see {@link
   *     #checkTelemetryPath}
   */
  public static Javalin create(
      WebOptions web,
      PrometheusRegistry registry,
      Optional<ProbeHandler> probe,
      Readiness readiness) {
    checkTelemetryPath(web.telemetryPath());
    PrometheusScrapeHandler scrape = new PrometheusScrapeHandler(registry);
    String landing =
        LandingPage.html(web.telemetryPath(), probe.map(ProbeHandler::targets).orElse(Set.of()));
    return Javalin.create(
        cfg -> {
          cfg.startup.showJavalinBanner = false;
          cfg.startup.showOldJavalinVersionWarning = false;
          // client_java gzips the scrape itself when asked to; a second layer would double-encode.
          cfg.http.compressionStrategy = CompressionStrategy.NONE;
          cfg.jetty.host = web.host();
          cfg.jetty.port = web.port();
          QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS, IDLE_MS);
          threads.setName(THREAD_NAME);
          cfg.jetty.threadPool = threads;
          cfg.jetty.modifyServer(s -> s.setStopTimeout(2000));
          cfg.routes.before(
              ctx -> {
                ctx.header("X-Content-Type-Options", "nosniff");
                ctx.header("X-Frame-Options", "DENY");
              });
          cfg.routes.get(web.telemetryPath(), ctx -> scrape(ctx, scrape));
          cfg.routes.get(LANDING_PAGE, ctx -> ctx.html(landing));
          cfg.routes.get(HEALTHY, ctx -> ctx.result("Healthy\n"));
          cfg.routes.get(READY, ctx -> ready(ctx, readiness));
          probe.ifPresent(p -> cfg.routes.get(PROBE, ctx -> probe(ctx, p)));
          for (HandlerType refused : new HandlerType[] {HandlerType.TRACE}) {
            cfg.routes.addHttpHandler(
                refused, "/*", ctx -> ctx.status(HttpStatus.METHOD_NOT_ALLOWED));
          }
        });
  }

  /**
   * Refuses a telemetry path the router would misread (see {@link #PLAIN_PATH}) or that would
   * shadow one of the server's own routes.
   *
   * @throws IllegalArgumentException whose message is the reason alone, for the caller to prefix
   *     with the flag's name
   */
  public static void checkTelemetryPath(String path) {
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("must start with '/', got '" + path + "'");
    }
    if (OWN_PATHS.contains(path)) {
      throw new IllegalArgumentException(
          "must not be '" + path + "', which the exporter serves itself");
    }
    if (!PLAIN_PATH.matcher(path).matches()) {
      throw new IllegalArgumentException(
          "segments of letters, digits, '.', '_', '~' and '-' only, each after one '/', got '"
              + path
              + "'");
    }
  }

  private static void ready(Context ctx, Readiness readiness) {
    if (readiness.isReady()) {
      ctx.result("Ready\n");
    } else {
      ctx.status(HttpStatus.SERVICE_UNAVAILABLE)
          .result("Not ready: " + readiness.notReadyReason() + "\n");
    }
  }

  private static void scrape(Context ctx, PrometheusScrapeHandler scrape) throws IOException {
    JavalinScrapeExchange exchange = new JavalinScrapeExchange(ctx);
    if (hasUnknownDebugValue(exchange)) {
      ctx.status(HttpStatus.BAD_REQUEST)
          .contentType("text/plain; charset=utf-8")
          .result(
              "unsupported value for parameter 'debug' (use "
                  + String.join(" or ", new TreeSet<>(DEBUG_FORMATS))
                  + ")\n");
      return;
    }
    scrape.handleRequest(exchange);
  }

  /** Read with client_java's own query parser, so both sides agree on what the parameter is. */
  private static boolean hasUnknownDebugValue(JavalinScrapeExchange exchange) {
    String[] values;
    try {
      values = exchange.getRequest().getParameterValues("debug");
    } catch (RuntimeException e) {
      return false; // a malformed query: client_java answers it with its own 400
    }
    if (values == null) {
      return false;
    }
    for (String v : values) {
      if (!DEBUG_FORMATS.contains(v)) {
        return true;
      }
    }
    return false;
  }

  private static void probe(Context ctx, ProbeHandler probe) throws IOException {
    String target = ctx.queryParam("target");
    if (target == null || target.isBlank()) {
      ctx.status(HttpStatus.BAD_REQUEST)
          .result("missing parameter 'target' (one of " + probe.targets() + ")\n");
      return;
    }
    Optional<PrometheusRegistry> registry = probe.registryFor(target);
    if (registry.isEmpty()) {
      ctx.status(HttpStatus.BAD_REQUEST)
          .result(
              "unknown target '"
                  + target
                  + "': not in the configuration (known: "
                  + probe.targets()
                  + ")\n");
      return;
    }
    scrape(ctx, new PrometheusScrapeHandler(registry.get()));
  }
}
