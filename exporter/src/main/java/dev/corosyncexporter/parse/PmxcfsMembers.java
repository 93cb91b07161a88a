package dev.corosyncexporter.parse;

import java.util.List;
import java.util.Optional;

/**
 * pmxcfs's own view of the cluster, from /etc/pve/.members.
 *
 * @param nodeName the node pmxcfs runs on
 * @param cluster absent on a node that is not part of a cluster (pmxcfs then writes only nodename
 *     and version)
 */
public record PmxcfsMembers(String nodeName, Optional<Cluster> cluster, List<Member> members) {

  public PmxcfsMembers {
    members = List.copyOf(members);
  }

  /**
   * @param configVersion corosync's config_version as pmxcfs read it
   * @param quorate pmxcfs's quorate flag: while false, /etc/pve is read-only
   */
  public record Cluster(String name, long configVersion, long nodes, boolean quorate) {}

  /** One node of the nodelist, named as in corosync's nodelist. */
  public record Member(String name, long id, boolean online) {}
}
