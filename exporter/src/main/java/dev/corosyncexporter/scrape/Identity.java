package dev.corosyncexporter.scrape;

/** The cluster_name and node_name every series of one node's view carries. */
public record Identity(String clusterName, String nodeName) {}
