package dev.corosyncexporter.app;

import dev.corosyncexporter.collector.LocalExporter;
import dev.corosyncexporter.http.ProbeHandler;
import io.prometheus.metrics.model.registry.MultiCollector;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

/** Central mode: clusters watched over SSH from --config.file. */
final class CentralMode {
  private CentralMode() {}

  interface Started extends AutoCloseable {
    MultiCollector collector();

    ProbeHandler probe();
  }

  static Started start(ExporterCommand cmd, Duration timeout, ExecutorService executor, LocalExporter.BuildInfo buildInfo)
      throws StartupException {
    throw new StartupException("--config.file: central mode is not available in this build");
  }
}
