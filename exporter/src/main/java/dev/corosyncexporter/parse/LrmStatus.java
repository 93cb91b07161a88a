package dev.corosyncexporter.parse;

import java.util.OptionalDouble;

/**
 * A node's HA local resource manager status, from /etc/pve/nodes/NODE/lrm_status.
 *
 * @param timestamp when the LRM last wrote it, seconds since the epoch; the LRM writes it only
 *     while its node is quorate, so its age is how long the LRM has been unable to. Absent when the
 *     file has none: upstream's API then still shows the state (API2/HA/Status.pm 255–266)
 * @param state wait_for_agent_lock, active, maintenance, lost_agent_lock (or a newer value)
 * @param mode active, shutdown, restart, maintenance, disarm (pve-ha-manager 5.1.3 and later) (or a
 *     newer value)
 */
public record LrmStatus(OptionalDouble timestamp, String state, String mode) {}
