package dev.corosyncexporter.parse;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The HA cluster resource manager's status, written by the CRM master to
 * /etc/pve/ha/manager_status. Every part is optional, as for upstream's own readers: an empty file
 * or {@code {}} (a hand-reset HA state) is a status with nothing in it.
 *
 * @param masterNode the CRM master that wrote it
 * @param timestamp when the master last wrote it, seconds since the epoch
 * @param nodeStatus each node's HA state: online, maintenance, unknown, fence, gone (or newer)
 * @param serviceStates how many HA services are in each state
 * @param disarm present while HA is being or has been disarmed (pve-ha-manager 5.1.3 and later)
 */
public record HaManagerStatus(
    Optional<String> masterNode,
    OptionalDouble timestamp,
    Map<String, String> nodeStatus,
    Map<String, Integer> serviceStates,
    Optional<Disarm> disarm) {

  public HaManagerStatus {
    nodeStatus = Map.copyOf(nodeStatus);
    serviceStates = Map.copyOf(serviceStates);
  }

  /** Whether it says nothing at all (empty file, {@code {}}): no master, no HA series from it. */
  public boolean isEmpty() {
    return masterNode.isEmpty()
        && timestamp.isEmpty()
        && nodeStatus.isEmpty()
        && serviceStates.isEmpty()
        && disarm.isEmpty();
  }

  /**
   * @param state disarming or disarmed
   * @param resourceMode what happens to the services meanwhile: freeze or ignore
   */
  public record Disarm(String state, String resourceMode) {}
}
