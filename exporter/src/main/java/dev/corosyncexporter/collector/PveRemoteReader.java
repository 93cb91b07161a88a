package dev.corosyncexporter.collector;

import dev.corosyncexporter.collector.PveRead.Outcome;
import dev.corosyncexporter.command.CommandRunner;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Central mode's reads of a node's /etc/pve: one command per node per scrape (the SSH wrapper's
 * pve_read answers every file and check of the collector at once), and none on a node without
 * /etc/pve once it has said so in its current SSH session. A node gains /etc/pve only by becoming a
 * Proxmox VE node (an install, a reboot), which ends the session; the next one asks again.
 *
 * <p>pve_read reads the lrm_status of the nodes it is given. They are the nodes the previous read
 * looked for (the members of .members, and this node), so a scrape needs a second command only when
 * .members names a node that was not asked for: the first scrape, a node joining.
 */
final class PveRemoteReader {
  /** What one scrape read, and the watchdog marker from the same reply. */
  record Answer(PveRead read, Outcome<Boolean> watchdog) {}

  private final EtcPveReader reader;

  /** Per node (runner target): the session in which the node said it has no /etc/pve. */
  private final Map<String, Long> noEtcPveInSession = new ConcurrentHashMap<>();

  /** Per node: whose lrm_status the last read with a readable .members looked for. */
  private final Map<String, List<String>> lrmLookedFor = new ConcurrentHashMap<>();

  PveRemoteReader(Clock clock) {
    this.reader = new EtcPveReader(clock);
  }

  /**
   * @param ownNode this node's name when .members cannot tell it
   * @return empty when the node has no /etc/pve (a plain corosync node)
   */
  Optional<Answer> read(CollectorContext context, Optional<String> ownNode) {
    String target = context.target();
    long session = context.sessionId();
    if (Long.valueOf(session).equals(noEtcPveInSession.get(target))) {
      return Optional.empty();
    }
    Set<String> asked = new LinkedHashSet<>(lrmLookedFor.getOrDefault(target, List.of()));
    ownNode.ifPresent(asked::add);
    PveFiles.RemoteSource source = PveFiles.RemoteSource.ask(context, asked);
    if (source.noEtcPve()) {
      // Kept for the session the answer came over: the one before the command, or the first one
      // when there was none yet. Across a reconnect it is not known which, and the next scrape
      // asks again.
      long after = context.sessionId();
      if (after == session || session == CommandRunner.NO_SESSION) {
        noEtcPveInSession.put(target, after);
      }
      return Optional.empty();
    }
    PveRead read = read(source, ownNode);
    if (!asked.containsAll(read.lrm().keySet())) {
      source = PveFiles.RemoteSource.ask(context, read.lrm().keySet());
      read = read(source, ownNode);
    }
    if (read.members().ok()) {
      lrmLookedFor.put(target, List.copyOf(read.lrm().keySet()));
    }
    return Optional.of(new Answer(read, watchdog(source)));
  }

  private PveRead read(PveFiles.RemoteSource source, Optional<String> ownNode) {
    try {
      // Empty only where the node has no /etc/pve, which the caller has ruled out.
      return reader
          .read(source, ownNode)
          .orElseGet(() -> PveRead.unread("no " + PveFiles.ETC_PVE + " any more", ownNode));
    } catch (CollectionException e) {
      return PveRead.unread(e.getMessage(), ownNode);
    }
  }

  private static Outcome<Boolean> watchdog(PveFiles.RemoteSource source) {
    try {
      return Outcome.of(source.exists(PveFiles.WATCHDOG_MARKER));
    } catch (CollectionException e) {
      return Outcome.failed(e.getMessage());
    }
  }
}
