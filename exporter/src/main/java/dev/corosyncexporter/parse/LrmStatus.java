package dev.corosyncexporter.parse;

/**
 * A node's HA local resource manager status, from /etc/pve/nodes/NODE/lrm_status.
 *
 * @param timestamp when the LRM last wrote it, seconds since the epoch; the LRM writes it only
 *     while its node is quorate, so its age is how long the LRM has been unable to
 * @param state wait_for_agent_lock, active, maintenance, lost_agent_lock (or a newer value)
 * @param mode active, reboot, shutdown, restart, maintenance, disarm (PVE 9) (or a newer value)
 */
public record LrmStatus(double timestamp, String state, String mode) {}
