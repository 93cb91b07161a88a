package dev.corosyncexporter.app;

import dev.corosyncexporter.central.CentralExporter;
import dev.corosyncexporter.collector.CollectorRegistry;
import dev.corosyncexporter.collector.CollectorSpec;
import dev.corosyncexporter.collector.ToolPaths;
import dev.corosyncexporter.config.ConfigException;
import dev.corosyncexporter.config.ConfigLoader;
import dev.corosyncexporter.config.ExporterConfig;
import dev.corosyncexporter.scrape.BuildInfo;
import dev.corosyncexporter.ssh.SshRunnerOptions;
import dev.corosyncexporter.ssh.SshRunnerPool;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.slf4j.LoggerFactory;

/** Central mode: every cluster of --config.file, watched over SSH. */
final class CentralMode {
  private CentralMode() {}

  record Started(CentralExporter collector, SshRunnerPool pool) implements AutoCloseable {
    CentralExporter probe() {
      return collector;
    }

    @Override
    public void close() {
      collector.close();
      pool.close();
    }
  }

  static Started start(
      ExporterCommand cmd,
      CollectorRegistry registry,
      ToolPaths tools,
      ExecutorService executor,
      BuildInfo buildInfo)
      throws StartupException {
    CollectorChoice.Made nodes =
        CollectorChoice.central(
            registry, cmd.collectorFlags, cmd.disableDefaults, CollectorSpec.Role.NODE);
    CollectorChoice.Made qnetd =
        CollectorChoice.central(
            registry, cmd.collectorFlags, cmd.disableDefaults, CollectorSpec.Role.QNETD);
    for (CollectorChoice.Made made : List.of(nodes, qnetd)) {
      for (var e : made.selection().enabled()) {
        if (e.collector().localOnly()) {
          throw new StartupException(
              "--collector."
                  + e.spec().name()
                  + ".source="
                  + e.collector().source().orElse("?")
                  + ": only in local mode (central mode asks over SSH with the tools)");
        }
      }
    }
    ExporterConfig config;
    try {
      config = ConfigLoader.load(cmd.configFile);
    } catch (ConfigException e) {
      throw new StartupException("--config.file " + cmd.configFile + ": " + e.getMessage(), e);
    }
    SshRunnerPool pool = new SshRunnerPool(SshRunnerOptions.defaults());
    CentralExporter exporter =
        CentralExporter.create(
            config,
            pool::runnerFor,
            nodes.selection(),
            qnetd.selection(),
            tools,
            cmd.watchConfig,
            executor,
            buildInfo);
    LoggerFactory.getLogger(CentralMode.class)
        .info(
            "central mode: {} cluster(s) {}, {} node(s) over SSH; nodes: {}; QNetd hosts: {}",
            config.clusters().size(),
            exporter.targets(),
            config.allTargets().size(),
            String.join(", ", nodes.reasons()),
            String.join(", ", qnetd.reasons()));
    return new Started(exporter, pool);
  }
}
