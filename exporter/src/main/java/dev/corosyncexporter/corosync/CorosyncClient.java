package dev.corosyncexporter.corosync;

import dev.corosyncexporter.parse.CmapEntries;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Local mode's connections to corosync, opened once and kept across scrapes: votequorum, quorum,
 * cmap (configuration) and the cmap stats map (knet link state and counters; cfg's
 * corosync_cfg_node_status_get would add nothing the stats map lacks). Opening a connection costs
 * corosync three 1 MiB shared-memory rings, mapped, zeroed and locked; a question over an open one
 * costs it microseconds.
 *
 * <p>Each connection has its own owner thread ({@link OwnerThreads}): a call waits at most the time
 * it is given, a frozen corosync holds at most one thread per connection, and a broken connection
 * is finalized and reopened by the next call (with a growing pause while corosync stays away).
 * Connections open on first use, so the exporter starts whether or not corosync runs.
 */
public final class CorosyncClient implements AutoCloseable {
  private final VotequorumConnection votequorum;
  private final QuorumConnection quorum;
  private final CmapConnection cmap;
  private final CmapConnection stats;
  private final MemberNames memberNames;

  private CorosyncClient(
      VotequorumConnection votequorum,
      QuorumConnection quorum,
      CmapConnection cmap,
      CmapConnection stats,
      MemberNames memberNames) {
    this.memberNames = memberNames;
    this.votequorum = votequorum;
    this.quorum = quorum;
    this.cmap = cmap;
    this.stats = stats;
  }

  /**
   * Loads the client libraries (no connection is made yet).
   *
   * @param stuckAfter a call running longer than this makes later calls on its connection fail at
   *     once instead of queueing; the longest a call is ever waited for
   * @throws CorosyncException a library is missing
   */
  public static CorosyncClient load(Duration stuckAfter) throws CorosyncException {
    NativeLibraries.Cmap cmapLib =
        NativeLibraries.load(NativeLibraries.CMAP, NativeLibraries.Cmap.class);
    return new CorosyncClient(
        new VotequorumConnection(
            NativeLibraries.load(NativeLibraries.VOTEQUORUM, NativeLibraries.Votequorum.class),
            stuckAfter),
        new QuorumConnection(
            NativeLibraries.load(NativeLibraries.QUORUM, NativeLibraries.Quorum.class), stuckAfter),
        new CmapConnection(cmapLib, CmapConnection.MAP_DEFAULT, stuckAfter),
        new CmapConnection(cmapLib, CmapConnection.MAP_STATS, stuckAfter),
        MemberNames.load());
  }

  /** Members' names as corosync-quorumtool prints them. */
  public MemberNames memberNames() {
    return memberNames;
  }

  /** {@code quorum_getquorate}, and whether a quorum provider is configured. */
  public QuorumAnswer quorum(Duration wait) throws CorosyncException {
    return quorum.read(wait);
  }

  /**
   * Membership, ring id and {@code votequorum_getinfo} of every member and of this node (asked as
   * node 0, which votequorum answers for the local node: no configuration needed first).
   */
  public VotequorumView votequorum(Duration wait) throws CorosyncException {
    return votequorum.read(wait);
  }

  /** Every key under the prefixes in the default map, as {@code corosync-cmapctl PREFIX...}. */
  public CmapEntries cmap(List<String> prefixes, Duration wait) throws CorosyncException {
    return cmap.prefixes(prefixes, wait);
  }

  /**
   * The given keys of the stats map that exist, then every key under each prefix, in one call on
   * the connection's thread: what {@code corosync-cmapctl -m stats KEY... PREFIX...} lists.
   */
  public CmapEntries stats(List<String> keys, List<String> prefixes, Duration wait)
      throws CorosyncException {
    return stats.keysAndPrefixes(keys, prefixes, wait);
  }

  /** How often each connection was opened: 1 each in a healthy life, more after recoveries. */
  public Map<String, Long> opens() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("votequorum", votequorum.opens());
    m.put("quorum", quorum.opens());
    m.put("cmap", cmap.opens());
    m.put("cmap-stats", stats.opens());
    return m;
  }

  /** Finalizes every connection on its owner thread. */
  @Override
  public void close() {
    votequorum.close();
    quorum.close();
    cmap.close();
    stats.close();
  }
}
