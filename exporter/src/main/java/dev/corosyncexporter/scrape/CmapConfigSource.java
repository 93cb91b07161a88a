package dev.corosyncexporter.scrape;

import dev.corosyncexporter.collector.CollectionException;
import dev.corosyncexporter.collector.CorosyncTools;
import dev.corosyncexporter.collector.ToolPaths;
import dev.corosyncexporter.command.CommandResult;
import dev.corosyncexporter.command.CommandRunner;
import dev.corosyncexporter.concurrent.Deadline;
import dev.corosyncexporter.parse.CmapctlParser;
import dev.corosyncexporter.parse.CorosyncConfig;
import dev.corosyncexporter.parse.CorosyncConfigParser;
import dev.corosyncexporter.parse.ParseException;
import java.time.Duration;
import java.util.List;

/**
 * Reads the configuration from corosync's cmap with one prefix query (a full dump costs four times
 * as much).
 */
final class CmapConfigSource implements ConfigSource {

  /**
   * The keys {@link CorosyncConfigParser} reads; the prefixes keep the rest of runtime.* and stats
   * out of the query. "runtime.config.totem.token" also lists token_warning (and the two
   * token_retransmit keys, a few lines more than needed and cheaper than a fourth prefix walk). The
   * watcher tracks the same prefixes, and corosync rewrites runtime.config.totem.* on every reload
   * (corosync-cfgtool -R), so a changed timeout is read at the next scrape.
   */
  static final List<String> PREFIXES =
      List.of(
          "totem.cluster_name",
          "totem.config_version",
          "nodelist.node.",
          "quorum.device.model",
          "quorum.device.votes",
          "runtime.votequorum.this_node_id",
          "runtime.config.totem.token",
          "runtime.config.totem.consensus",
          "runtime.config.totem.interface.");

  private final CommandRunner runner;
  private final ToolPaths tools;
  private final Duration toolTimeout;

  CmapConfigSource(CommandRunner runner, ToolPaths tools, Duration toolTimeout) {
    this.runner = runner;
    this.tools = tools;
    this.toolTimeout = toolTimeout;
  }

  @Override
  public String name() {
    return "cmapctl";
  }

  @Override
  public CorosyncConfig load(Deadline deadline) throws CollectionException {
    List<String> argv = new java.util.ArrayList<>();
    argv.add(tools.path(CorosyncTools.CMAPCTL));
    argv.addAll(PREFIXES);
    CommandResult result = runner.run(argv, deadline.cap(toolTimeout));
    // A prefix that matches nothing (no qdevice configured) is not listed: 3.1.7 exits 0 when any
    // prefix matched and 1 with nothing printed when none did (checked on the lab). Exit 1 with
    // keys printed is taken as data too, as the links collector's stats query does.
    if (!result.exitedWith(0, 1) || result.stdout().isBlank()) {
      throw CollectionException.of(result);
    }
    try {
      return CorosyncConfigParser.parse(CmapctlParser.parse(result.stdout()));
    } catch (ParseException e) {
      throw CollectionException.of(result, e);
    }
  }
}
