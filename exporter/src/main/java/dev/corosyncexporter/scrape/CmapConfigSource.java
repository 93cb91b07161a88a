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
   * The keys {@link CorosyncConfigParser} reads; the prefixes keep runtime.* and stats out of the
   * query.
   */
  static final List<String> PREFIXES =
      List.of(
          "totem.cluster_name",
          "totem.config_version",
          "nodelist.node.",
          "quorum.device.model",
          "quorum.device.votes",
          "runtime.votequorum.this_node_id");

  private final CommandRunner runner;
  private final ToolPaths tools;
  private final Duration toolTimeout;

  CmapConfigSource(CommandRunner runner, ToolPaths tools, Duration toolTimeout) {
    this.runner = runner;
    this.tools = tools;
    this.toolTimeout = toolTimeout;
  }

  @Override
  public CorosyncConfig load(Deadline deadline) throws CollectionException {
    List<String> argv = new java.util.ArrayList<>();
    argv.add(tools.path(CorosyncTools.CMAPCTL));
    argv.addAll(PREFIXES);
    CommandResult result = runner.run(argv, deadline.cap(toolTimeout));
    // cmapctl exits 1 when one prefix matches nothing (no qdevice configured) but still prints the
    // rest.
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
