package dev.corosyncexporter.collector;

import dev.corosyncexporter.parse.CorosyncConfig;

/** The running configuration, so that configured votes can be compared with the runtime expected votes. */
public final class ConfigCollector implements Collector {

  @Override
  public String name() {
    return "config";
  }

  @Override
  public void collect(CollectorContext context, SampleSink sink) throws CollectionException {
    CorosyncConfig config = context.config();
    sink.add(Metrics.CONFIG_NODES, config.nodes().size());
    sink.add(Metrics.CONFIG_VOTES, config.configuredVotes());
    sink.add(Metrics.CONFIG_LINKS, config.links());
    config.configVersion().ifPresent(v -> sink.add(Metrics.CONFIG_VERSION, v));
    if (config.qdeviceConfigured()) {
      sink.add(Metrics.QDEVICE_CONFIGURED_VOTES, config.qdeviceVotes().orElse(1));
    }
  }
}
