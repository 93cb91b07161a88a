package dev.corosyncexporter.app;

import dev.corosyncexporter.collector.CmapConfigSource;
import dev.corosyncexporter.collector.Collector;
import dev.corosyncexporter.collector.ConfigCollector;
import dev.corosyncexporter.collector.ConfigSource;
import dev.corosyncexporter.collector.Identity;
import dev.corosyncexporter.collector.LinksCollector;
import dev.corosyncexporter.collector.LocalExporter;
import dev.corosyncexporter.collector.NodeScraper;
import dev.corosyncexporter.collector.QdeviceCollector;
import dev.corosyncexporter.collector.QnetdCollector;
import dev.corosyncexporter.collector.QuorumCollector;
import dev.corosyncexporter.collector.ToolPaths;
import dev.corosyncexporter.collector.WatchedConfigSource;
import dev.corosyncexporter.command.CommandRunner;
import dev.corosyncexporter.command.DaemonThreads;
import dev.corosyncexporter.command.LocalCommandRunner;
import dev.corosyncexporter.http.HttpServerFactory;
import dev.corosyncexporter.http.WebOptions;
import io.javalin.Javalin;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires flags to collectors and the web server, and runs until stopped. */
final class ExporterApp {
  private ExporterApp() {}

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
      timeout = DurationFlag.parse(cmd.timeout);
    } catch (IllegalArgumentException e) {
      throw new StartupException("--collector.timeout: " + e.getMessage());
    }
    if (!cmd.telemetryPath.startsWith("/")) {
      throw new StartupException("--web.telemetry-path: must start with '/', got '" + cmd.telemetryPath + "'");
    }
    BuildProperties build = BuildProperties.load();
    LocalExporter.BuildInfo buildInfo = new LocalExporter.BuildInfo(build.version(), build.revision());
    // Unbounded on purpose: scrapes nest (cluster → node → collector) and block on their children, which a
    // bounded pool can starve. The number of threads is bounded by the work: scrapes are shared, not stacked.
    ExecutorService executor = Executors.newCachedThreadPool(DaemonThreads.named("collector"));
    List<AutoCloseable> resources = new ArrayList<>();
    PrometheusRegistry registry = new PrometheusRegistry();

    if (cmd.configFile != null) {
      CentralMode.Started central = CentralMode.start(cmd, executor, buildInfo);
      resources.add(central);
      registry.register(central.collector());
      return serve(cmd, listen, registry, Optional.of(central.probe()), resources, executor, log);
    }

    ToolPaths tools = cmd.toolPaths();
    List<Collector> collectors = collectors(cmd);
    if (collectors.isEmpty()) {
      throw new StartupException("no collector enabled (see --collector.NAME)");
    }
    CommandRunner runner = new LocalCommandRunner();
    ConfigSource configSource =
        cmd.watchConfig
            ? new WatchedConfigSource(new CmapConfigSource(runner, tools, timeout), runner, tools)
            : new CmapConfigSource(runner, tools, timeout);
    resources.add(configSource);
    String fallbackName = cmd.nodeName != null ? cmd.nodeName : HostName.local();
    NodeScraper scraper =
        new NodeScraper(runner, tools, timeout, configSource, collectors, executor, new Identity("", fallbackName));
    registry.register(new LocalExporter(scraper, buildInfo));
    log.info(
        "collectors: {}; tool timeout {} ms; config watch {}",
        cmd.enabledCollectors(),
        timeout.toMillis(),
        cmd.watchConfig ? "on" : "off");
    return serve(cmd, listen, registry, Optional.empty(), resources, executor, log);
  }

  static List<Collector> collectors(ExporterCommand cmd) {
    List<Collector> collectors = new ArrayList<>();
    for (String name : cmd.enabledCollectors()) {
      collectors.add(
          switch (name) {
            case "quorum" -> new QuorumCollector(cmd.quorumSource());
            case "links" -> new LinksCollector(cmd.linksSource());
            case "config" -> new ConfigCollector();
            case "qdevice" -> new QdeviceCollector();
            case "qnetd" -> new QnetdCollector();
            default -> throw new IllegalStateException(name);
          });
    }
    return collectors;
  }

  private static int serve(
      ExporterCommand cmd,
      ListenAddress listen,
      PrometheusRegistry registry,
      Optional<dev.corosyncexporter.http.ProbeHandler> probe,
      List<AutoCloseable> resources,
      ExecutorService executor,
      Logger log)
      throws StartupException {
    Javalin app =
        HttpServerFactory.create(new WebOptions(listen.host(), listen.port(), cmd.telemetryPath), registry, probe,
            () -> true);
    try {
      app.start();
    } catch (RuntimeException e) {
      close(resources, executor);
      throw new StartupException(
          "--web.listen-address: cannot listen on " + cmd.listenAddress + ": " + rootMessage(e), e);
    }
    log.info("listening on {}:{}{}", listen.host(), app.port(), cmd.telemetryPath);
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
    String l = level.toLowerCase(java.util.Locale.ROOT);
    if (!List.of("debug", "info", "warn", "error").contains(l)) {
      throw new StartupException("--log.level: expected debug, info, warn or error, got '" + level + "'");
    }
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", l);
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
    System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn".equals(l) || "error".equals(l) ? l : "warn");
    System.setProperty("org.slf4j.simpleLogger.log.io.javalin", "warn");
  }
}
