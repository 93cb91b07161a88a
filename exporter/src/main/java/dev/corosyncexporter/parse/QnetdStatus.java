package dev.corosyncexporter.parse;

/** {@code corosync-qnetd-tool -s}: the counts; the address and TLS lines are checked, not kept. */
public record QnetdStatus(int connectedClients, int connectedClusters) {}
