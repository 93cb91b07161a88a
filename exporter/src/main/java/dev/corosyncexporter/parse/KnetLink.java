package dev.corosyncexporter.parse;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One knet link from this node to a peer, as corosync sees it now. Fields the source did not report
 * (cfgtool gives no latency, mtu or counters) are empty.
 *
 * @param latencySeconds average latency; empty when knet has no samples yet
 */
public record KnetLink(
    long peerId,
    int link,
    boolean enabled,
    boolean connected,
    OptionalLong mtuBytes,
    OptionalDouble latencySeconds,
    OptionalLong downCount) {}
