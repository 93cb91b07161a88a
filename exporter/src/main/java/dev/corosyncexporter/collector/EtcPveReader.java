package dev.corosyncexporter.collector;

import dev.corosyncexporter.collector.PveRead.Outcome;
import dev.corosyncexporter.parse.HaManagerStatus;
import dev.corosyncexporter.parse.LrmStatus;
import dev.corosyncexporter.parse.ParseException;
import dev.corosyncexporter.parse.PmxcfsMembers;
import dev.corosyncexporter.parse.PveFileParser;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Reads a node's /etc/pve part by part through a {@link PveFiles.Source}: .members, the mode of
 * corosync.conf, each node's lrm_status and manager_status. Each part is read and judged on its
 * own, so a file that cannot be read or understood fails only its own part.
 */
final class EtcPveReader {
  /**
   * How far in the future a timestamp may be and still be taken as written now. The HA files carry
   * the writing node's clock (the LRM's own, the CRM master's); Proxmox VE needs synchronised
   * clocks, and 5 minutes covers a node whose NTP has not yet stepped its clock after a boot, while
   * a forged or broken timestamp (an age of −8e9 s that would never look stale) is refused.
   */
  static final Duration CLOCK_SKEW_ALLOWED = Duration.ofMinutes(5);

  private final Clock clock;

  EtcPveReader(Clock clock) {
    this.clock = clock;
  }

  /**
   * @param ownNode this node's name if .members cannot tell it (from corosync's configuration): its
   *     lrm_status is always looked for
   * @return empty when the node has no /etc/pve at all (a plain corosync node asked over SSH)
   */
  Optional<PveRead> read(PveFiles.Source source, Optional<String> ownNode)
      throws CollectionException {
    Optional<String> membersText;
    Outcome<PmxcfsMembers> members;
    try {
      membersText = source.read(PveFileParser.MEMBERS);
      if (membersText.isEmpty() && source.notProxmox()) {
        return Optional.empty();
      }
      members =
          membersText.isEmpty()
              ? Outcome.failed(PveFileParser.MEMBERS + " not found: pmxcfs not running?")
              : parsed(() -> PveFileParser.parseMembers(membersText.get()));
    } catch (CollectionException e) {
      members = Outcome.failed(e.getMessage());
    }
    Outcome<Optional<Boolean>> writable = writable(source);

    Map<String, String> notLookedFor = new LinkedHashMap<>();
    Map<String, Outcome<Optional<LrmStatus>>> lrm = new LinkedHashMap<>();
    Optional<String> own = members.value().map(PmxcfsMembers::nodeName).or(() -> ownNode);
    for (PmxcfsMembers.Member m : members.value().map(PmxcfsMembers::members).orElse(List.of())) {
      // An IP as name (a nodelist entry without name: pmxcfs takes ring0_addr) is a member, but
      // no node of that name has a directory under /etc/pve/nodes.
      if (PveFileParser.NODE_NAME.matcher(m.name()).matches()) {
        lrm.put(m.name(), null);
      } else {
        notLookedFor.put(m.name(), "member name is not a host name");
      }
    }
    own.ifPresent(n -> lrm.putIfAbsent(n, null));
    for (String node : lrm.keySet()) {
      lrm.put(node, lrmStatus(source, node));
    }
    return Optional.of(new PveRead(members, writable, manager(source), lrm, notLookedFor, true));
  }

  private static Outcome<Optional<Boolean>> writable(PveFiles.Source source) {
    try {
      return Outcome.of(source.ownerWritable(PveFiles.COROSYNC_CONF));
    } catch (CollectionException e) {
      return Outcome.failed(e.getMessage());
    }
  }

  private Outcome<Optional<LrmStatus>> lrmStatus(PveFiles.Source source, String node) {
    try {
      Optional<String> text = source.read(PveFiles.lrmStatus(node));
      if (text.isEmpty()) {
        return Outcome.of(Optional.empty());
      }
      LrmStatus s = parse(() -> PveFileParser.parseLrmStatus(text.get()));
      notInTheFuture(PveFiles.lrmStatus(node), s.timestamp());
      return Outcome.of(Optional.of(s));
    } catch (CollectionException e) {
      return Outcome.failed(e.getMessage());
    }
  }

  private Outcome<Optional<HaManagerStatus>> manager(PveFiles.Source source) {
    try {
      Optional<String> text = source.read(PveFileParser.MANAGER_STATUS);
      if (text.isEmpty()) {
        return Outcome.of(Optional.empty());
      }
      HaManagerStatus m = parse(() -> PveFileParser.parseManagerStatus(text.get()));
      notInTheFuture(PveFileParser.MANAGER_STATUS, m.timestamp());
      return Outcome.of(m.isEmpty() ? Optional.empty() : Optional.of(m));
    } catch (CollectionException e) {
      return Outcome.failed(e.getMessage());
    }
  }

  private void notInTheFuture(String path, OptionalDouble timestamp) throws CollectionException {
    if (timestamp.isEmpty()) {
      return;
    }
    double ahead = timestamp.getAsDouble() - clock.millis() / 1000.0;
    if (ahead > CLOCK_SKEW_ALLOWED.toSeconds()) {
      throw new CollectionException(
          path
              + ": timestamp "
              + (long) timestamp.getAsDouble()
              + " is "
              + (long) ahead
              + " s in the future (more than the "
              + CLOCK_SKEW_ALLOWED.toSeconds()
              + " s of clock skew allowed)");
    }
  }

  private interface Parse<T> {
    T run() throws ParseException;
  }

  private static <T> Outcome<T> parsed(Parse<T> p) {
    try {
      return Outcome.of(parse(p));
    } catch (CollectionException e) {
      return Outcome.failed(e.getMessage());
    }
  }

  /** ParseException's message is already escaped and bounded (it may quote the file). */
  private static <T> T parse(Parse<T> p) throws CollectionException {
    try {
      return p.run();
    } catch (ParseException e) {
      throw new CollectionException("unparseable " + e.getMessage(), e);
    }
  }
}
