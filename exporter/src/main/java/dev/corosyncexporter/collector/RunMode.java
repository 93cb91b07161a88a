package dev.corosyncexporter.collector;

/**
 * Where a node's collectors run, which decides an option's default: local mode asks this machine's
 * daemons over connections and sockets kept open, central mode runs the tools over SSH.
 */
public enum RunMode {
  /** On the node itself: corosync's client libraries and the daemons' sockets are at hand. */
  LOCAL,
  /** From a central exporter, over SSH: only the tools can be run there. */
  CENTRAL
}
