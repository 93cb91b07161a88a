package dev.corosyncexporter.collector;

import dev.corosyncexporter.parse.HaManagerStatus;
import dev.corosyncexporter.parse.LrmStatus;
import dev.corosyncexporter.parse.PmxcfsMembers;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one scrape read of a node's /etc/pve, part by part: each part is understood or has a reason
 * why not, and a part that failed costs only the series that come from it.
 *
 * @param members pmxcfs's own view (.members)
 * @param writable the owner-write bit of corosync.conf; empty when there is no such file
 * @param manager the CRM's manager_status; empty when there is no such file
 * @param lrm every node whose lrm_status was looked for, in order: its status, or empty when it has
 *     none
 * @param notLookedFor members whose lrm_status was not looked for, and why
 * @param answered false when /etc/pve did not answer at all (a blocked reader)
 */
record PveRead(
    Outcome<PmxcfsMembers> members,
    Outcome<Optional<Boolean>> writable,
    Outcome<Optional<HaManagerStatus>> manager,
    Map<String, Outcome<Optional<LrmStatus>>> lrm,
    Map<String, String> notLookedFor,
    boolean answered) {

  PveRead {
    lrm = new LinkedHashMap<>(lrm);
    notLookedFor = new LinkedHashMap<>(notLookedFor);
  }

  /**
   * Nothing of /etc/pve could be read (a blocked reader): every part fails with {@code why}, and
   * this node's own lrm_status, when its name is known, is unknown too.
   */
  static PveRead unread(String why, Optional<String> ownNode) {
    Map<String, Outcome<Optional<LrmStatus>>> lrm = new LinkedHashMap<>();
    ownNode.ifPresent(n -> lrm.put(n, Outcome.failed(why)));
    return new PveRead(
        Outcome.failed(why), Outcome.failed(why), Outcome.failed(why), lrm, Map.of(), false);
  }

  /**
   * The lrm_status part: understood only when every lrm_status that exists was (none is known to
   * exist or not while /etc/pve does not answer).
   */
  boolean lrmUnderstood() {
    return answered && lrm.values().stream().allMatch(Outcome::ok);
  }

  /**
   * One part's answer: its value, or the reason there is none. The reason is already fit for a log
   * line (escaped, bounded): it may quote the file.
   */
  record Outcome<T>(Optional<T> value, String failure) {
    static <T> Outcome<T> of(T value) {
      return new Outcome<>(Optional.of(value), "");
    }

    static <T> Outcome<T> failed(String why) {
      return new Outcome<>(Optional.empty(), why);
    }

    boolean ok() {
      return value.isPresent();
    }
  }
}
