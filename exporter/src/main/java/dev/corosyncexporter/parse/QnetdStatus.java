package dev.corosyncexporter.parse;

/** {@code corosync-qnetd-tool -s}. */
public record QnetdStatus(String address, String tls, int connectedClients, int connectedClusters) {}
