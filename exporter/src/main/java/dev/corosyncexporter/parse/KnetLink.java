package dev.corosyncexporter.parse;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One knet link from this node to a peer, as corosync sees it now. Fields the source did not report
 * (cfgtool gives no latency, mtu or counters) are empty.
 *
 * @param latencySeconds average latency; empty when knet has no samples yet
 * @param traffic the link's ping, pong, retry, error and data counters
 */
public record KnetLink(
    long peerId,
    int link,
    boolean enabled,
    boolean connected,
    OptionalLong mtuBytes,
    OptionalDouble latencySeconds,
    OptionalLong downCount,
    Traffic traffic) {

  /** A link known only by its state, as corosync-cfgtool -s reports it: no counters. */
  public KnetLink(
      long peerId,
      int link,
      boolean enabled,
      boolean connected,
      OptionalLong mtuBytes,
      OptionalDouble latencySeconds,
      OptionalLong downCount) {
    this(peerId, link, enabled, connected, mtuBytes, latencySeconds, downCount, Traffic.NONE);
  }

  /**
   * knet's per-link counters since corosync started, each empty when its key is absent or not a
   * number.
   *
   * @param pingsSent {@code tx_ping_packets}
   * @param pongsReceived {@code rx_pong_packets}
   * @param sendRetries {@code rx_total_retries}: despite the name, knet counts the link's send
   *     retries there (every tx_*_retries adds to it)
   * @param sendErrors {@code tx_total_errors}
   * @param dataSentPackets {@code tx_data_packets}
   * @param dataReceivedPackets {@code rx_data_packets}
   * @param dataSentBytes {@code tx_data_bytes}
   * @param dataReceivedBytes {@code rx_data_bytes}
   */
  public record Traffic(
      OptionalLong pingsSent,
      OptionalLong pongsReceived,
      OptionalLong sendRetries,
      OptionalLong sendErrors,
      OptionalLong dataSentPackets,
      OptionalLong dataReceivedPackets,
      OptionalLong dataSentBytes,
      OptionalLong dataReceivedBytes) {
    public static final Traffic NONE =
        new Traffic(
            OptionalLong.empty(),
            OptionalLong.empty(),
            OptionalLong.empty(),
            OptionalLong.empty(),
            OptionalLong.empty(),
            OptionalLong.empty(),
            OptionalLong.empty(),
            OptionalLong.empty());
  }
}
