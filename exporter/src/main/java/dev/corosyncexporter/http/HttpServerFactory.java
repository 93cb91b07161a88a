package dev.corosyncexporter.http;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Optional;

/** Builds (does not start) the exporter's web server. Handlers stay thin; the work is in the collectors. */
public final class HttpServerFactory {
  private HttpServerFactory() {}

  public static Javalin create(WebOptions web, PrometheusRegistry registry, Optional<ProbeHandler> probe) {
    PrometheusScrapeHandler scrape = new PrometheusScrapeHandler(registry);
    String landing = LandingPage.html(web.telemetryPath(), probe.map(ProbeHandler::targets).orElse(java.util.Set.of()));
    return Javalin.create(
        cfg -> {
          cfg.startup.showJavalinBanner = false;
          cfg.startup.showOldJavalinVersionWarning = false;
          // client_java gzips the scrape itself when asked to; a second layer would double-encode.
          cfg.http.compressionStrategy = CompressionStrategy.NONE;
          cfg.jetty.host = web.host();
          cfg.jetty.port = web.port();
          cfg.jetty.modifyServer(s -> s.setStopTimeout(2000));
          cfg.routes.before(
              ctx -> {
                ctx.header("X-Content-Type-Options", "nosniff");
                ctx.header("X-Frame-Options", "DENY");
              });
          cfg.routes.get(web.telemetryPath(), ctx -> scrape.handleRequest(new JavalinScrapeExchange(ctx)));
          cfg.routes.get("/", ctx -> ctx.html(landing));
          cfg.routes.get("/-/healthy", ctx -> ctx.result("Healthy\n"));
          cfg.routes.get("/-/ready", ctx -> ctx.result("Ready\n"));
          probe.ifPresent(p -> cfg.routes.get("/probe", ctx -> probe(ctx, p)));
          for (HandlerType refused : new HandlerType[] {HandlerType.TRACE}) {
            cfg.routes.addHttpHandler(refused, "/*", ctx -> ctx.status(HttpStatus.METHOD_NOT_ALLOWED));
          }
        });
  }

  private static void probe(Context ctx, ProbeHandler probe) throws java.io.IOException {
    String target = ctx.queryParam("target");
    if (target == null || target.isBlank()) {
      ctx.status(HttpStatus.BAD_REQUEST).result("missing parameter 'target' (one of " + probe.targets() + ")\n");
      return;
    }
    Optional<PrometheusRegistry> registry = probe.registryFor(target);
    if (registry.isEmpty()) {
      ctx.status(HttpStatus.BAD_REQUEST)
          .result("unknown target '" + target + "': not in the configuration (known: " + probe.targets() + ")\n");
      return;
    }
    new PrometheusScrapeHandler(registry.get()).handleRequest(new JavalinScrapeExchange(ctx));
  }
}
