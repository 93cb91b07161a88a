package dev.corosyncexporter.scrape;

import dev.corosyncexporter.collector.CollectionException;
import dev.corosyncexporter.concurrent.Deadline;
import dev.corosyncexporter.corosync.CorosyncClient;
import dev.corosyncexporter.corosync.CorosyncException;
import dev.corosyncexporter.parse.CorosyncConfig;
import dev.corosyncexporter.parse.CorosyncConfigParser;
import dev.corosyncexporter.parse.ParseException;
import java.time.Duration;

/**
 * Reads the configuration over the kept-open cmap connection: the same keys {@link
 * CmapConfigSource} asks corosync-cmapctl for, afresh every scrape (a few microseconds of
 * corosync's time, so nothing is cached and nothing can be stale).
 */
final class NativeConfigSource implements ConfigSource {
  private final CorosyncClient client;
  private final Duration callTimeout;
  private final ConfigSource unanswered;

  /**
   * @param unanswered asked instead when corosync leaves the kept connection unanswered (a
   *     membership that cannot form): the tool's fresh connection is answered
   */
  NativeConfigSource(CorosyncClient client, Duration callTimeout, ConfigSource unanswered) {
    this.client = client;
    this.callTimeout = callTimeout;
    this.unanswered = unanswered;
  }

  @Override
  public String name() {
    return "native";
  }

  @Override
  public CorosyncConfig load(Deadline deadline) throws CollectionException {
    try {
      return CorosyncConfigParser.parse(
          client.cmap(CmapConfigSource.PREFIXES, deadline.cap(callTimeout)));
    } catch (CorosyncException e) {
      if (e.unanswered()) {
        return unanswered.load(deadline);
      }
      throw new CollectionException(e.getMessage(), e);
    } catch (ParseException e) {
      throw new CollectionException(e.getMessage(), e);
    }
  }
}
