package dev.corosyncexporter.app;

import dev.corosyncexporter.collector.CollectorRegistry;
import dev.corosyncexporter.collector.HostFacts;
import dev.corosyncexporter.collector.ToolPaths;
import dev.corosyncexporter.concurrent.DaemonThreads;
import dev.corosyncexporter.config.Durations;
import dev.corosyncexporter.corosync.CorosyncClient;
import dev.corosyncexporter.http.HttpServerFactory;
import dev.corosyncexporter.http.ProbeHandler;
import dev.corosyncexporter.http.WebOptions;
import dev.corosyncexporter.scrape.BuildInfo;
import dev.corosyncexporter.scrape.LocalExporter;
import io.javalin.Javalin;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires flags to collectors and the web server, and runs until stopped. */
final class ExporterApp {
  private ExporterApp() {}

  /**
   * Every run is capped by the scrape's deadline (at most a minute) anyway; the bound is what
   * central mode's forced-command wrapper accepts as a remote bound (300 s), so no flag value can
   * make it refuse every command.
   */
  static final Duration MAX_TOOL_TIMEOUT = Duration.ofMinutes(5);

  static int run(ExporterCommand cmd) throws Exception {
    configureLogging(cmd.logLevel);
    Logger log = LoggerFactory.getLogger(ExporterApp.class);
    ListenAddress listen;
    Duration timeout;
    try {
      listen = ListenAddress.parse(cmd.listenAddress);
    } catch (IllegalArgumentException e) {
      throw new StartupException("--web.listen-address: " + e.getMessage());
    }
    try {
      timeout = Durations.parsePositive(cmd.timeout, MAX_TOOL_TIMEOUT);
    } catch (IllegalArgumentException e) {
      throw new StartupException("--collector.timeout: " + e.getMessage());
    }
    try {
      // The server's own rule, asked before anything starts (collectors, SSH sessions).
      HttpServerFactory.checkTelemetryPath(cmd.telemetryPath);
    } catch (IllegalArgumentException e) {
      throw new StartupException("--web.telemetry-path: " + e.getMessage());
    }
    BuildProperties build = BuildProperties.load();
    BuildInfo buildInfo = new BuildInfo(build.version(), build.revision());
    CollectorRegistry registry = CollectorRegistry.get();
    ToolPaths tools = cmd.collectorFlags.toolPaths();
    // Unbounded on purpose: scrapes nest (cluster → node → collector) and block on their children,
    // which a bounded pool can starve. The number of threads is bounded by the work: scrapes are
    // shared, not stacked, and every wait ends at the scrape's deadline.
    ExecutorService executor = Executors.newCachedThreadPool(DaemonThreads.named("collector"));
    List<AutoCloseable> resources = new ArrayList<>();
    PrometheusRegistry prometheus = new PrometheusRegistry();

    if (cmd.configFile != null) {
      CentralMode.Started central = CentralMode.start(cmd, registry, tools, executor, buildInfo);
      resources.add(central);
      prometheus.register(central.collector());
      return serve(
          cmd,
          listen,
          prometheus,
          Optional.of(central.probe()),
          central.collector()::collectedOnce,
          resources,
          executor,
          log);
    }

    LocalMode.Chosen chosen =
        LocalMode.choose(
            registry,
            cmd.collectorFlags,
            cmd.disableDefaults,
            HostFacts.local(),
            timeout,
            CorosyncClient::load);
    CollectorChoice.Made choice = chosen.choice();
    log.info("collectors: {}", String.join(", ", choice.reasons()));
    if (choice.selection().enabled().isEmpty()) {
      throw new StartupException(
          "no collector enabled: this host runs neither corosync nor corosync-qnetd, or --collector.disable-defaults"
              + " without any --collector.NAME ("
              + String.join(", ", choice.reasons())
              + ")");
    }
    String fallbackName = cmd.nodeName != null ? cmd.nodeName : HostName.local();
    LocalMode.Started local =
        LocalMode.start(
            new LocalMode.Settings(
                choice.selection(),
                chosen.corosync(),
                tools,
                timeout,
                cmd.watchConfig,
                fallbackName),
            executor,
            buildInfo);
    resources.add(local);
    LocalExporter exporter = local.exporter();
    prometheus.register(exporter);
    log.info(
        "tool timeout {} ms; config watch {}", timeout.toMillis(), cmd.watchConfig ? "on" : "off");
    return serve(
        cmd,
        listen,
        prometheus,
        Optional.empty(),
        exporter::collectedOnce,
        resources,
        executor,
        log);
  }

  private static int serve(
      ExporterCommand cmd,
      ListenAddress listen,
      PrometheusRegistry registry,
      Optional<ProbeHandler> probe,
      BooleanSupplier ready,
      List<AutoCloseable> resources,
      ExecutorService executor,
      Logger log)
      throws StartupException {
    Javalin app =
        HttpServerFactory.create(
            new WebOptions(listen.host(), listen.port(), cmd.telemetryPath),
            registry,
            probe,
            ready::getAsBoolean);
    try {
      app.start();
    } catch (RuntimeException e) {
      close(resources, executor);
      throw new StartupException(
          "--web.listen-address: cannot listen on " + cmd.listenAddress + ": " + rootMessage(e), e);
    }
    log.info("listening on {}:{}{}", listen.host(), app.port(), cmd.telemetryPath);
    // One collection at start: /-/ready says ready once it has finished (whatever it found), and
    // the first real scrape does not pay for class loading.
    executor.execute(
        () -> {
          try {
            registry.scrape();
          } catch (RuntimeException e) {
            log.warn("first collection failed", e);
          }
        });
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  app.stop();
                  close(resources, executor);
                  stopped.countDown();
                },
                "shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static void close(List<AutoCloseable> resources, ExecutorService executor) {
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception ignored) {
        // shutting down: nothing left to tell
      }
    }
    executor.shutdownNow();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }

  private static void configureLogging(String level) throws StartupException {
    String l = level.toLowerCase(Locale.ROOT);
    if (!List.of("debug", "info", "warn", "error").contains(l)) {
      throw new StartupException(
          "--log.level: expected debug, info, warn or error, got '" + level + "'");
    }
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", l);
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
    System.setProperty(
        "org.slf4j.simpleLogger.log.org.eclipse.jetty",
        "warn".equals(l) || "error".equals(l) ? l : "warn");
    System.setProperty("org.slf4j.simpleLogger.log.io.javalin", "warn");
  }
}
