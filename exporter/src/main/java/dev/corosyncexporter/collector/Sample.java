package dev.corosyncexporter.collector;

import java.util.List;

/**
 * One value of one series, before the node's identity labels are added.
 *
 * @param labelValues in the order of {@link MetricDef#labelNames()}
 * @param clusterName overrides the node's cluster name (QNetd reports on the clusters it serves);
 *     null = the node's
 */
public record Sample(MetricDef metric, List<String> labelValues, double value, String clusterName) {

  public Sample {
    labelValues = List.copyOf(labelValues);
    if (labelValues.size() != metric.labelNames().size()) {
      throw new IllegalArgumentException(
          metric.name() + " takes labels " + metric.labelNames() + ", got values " + labelValues);
    }
  }
}
