package dev.corosyncexporter.http;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Optional;
import java.util.Set;

/**
 * The multi-target pattern: {@code /probe?target=NAME} scrapes one configured target. Only names
 * from the configuration are accepted, so no request can make the exporter connect anywhere else.
 */
public interface ProbeHandler {

  Set<String> targets();

  /** A registry that scrapes just this target, or empty for a name that is not configured. */
  Optional<PrometheusRegistry> registryFor(String target);
}
