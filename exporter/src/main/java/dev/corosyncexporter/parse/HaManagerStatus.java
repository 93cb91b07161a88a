package dev.corosyncexporter.parse;

import java.util.Map;
import java.util.Optional;

/**
 * The HA cluster resource manager's status, written by the CRM master to
 * /etc/pve/ha/manager_status.
 *
 * @param timestamp when the master last wrote it, seconds since the epoch
 * @param nodeStatus each node's HA state: online, maintenance, unknown, fence, gone (or newer)
 * @param serviceStates how many HA services are in each state
 * @param disarm present while HA is being or has been disarmed (PVE 9)
 */
public record HaManagerStatus(
    String masterNode,
    double timestamp,
    Map<String, String> nodeStatus,
    Map<String, Integer> serviceStates,
    Optional<Disarm> disarm) {

  public HaManagerStatus {
    nodeStatus = Map.copyOf(nodeStatus);
    serviceStates = Map.copyOf(serviceStates);
  }

  /**
   * @param state disarming or disarmed
   * @param resourceMode what happens to the services meanwhile: freeze or ignore
   */
  public record Disarm(String state, String resourceMode) {}
}
