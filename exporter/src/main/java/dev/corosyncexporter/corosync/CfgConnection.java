package dev.corosyncexporter.corosync;

import com.sun.jna.ptr.LongByReference;
import dev.corosyncexporter.parse.LinkStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A cfg connection kept open, for {@code corosync_cfg_node_status_get}: the per-link state
 * corosync-cfgtool -s prints, asked per configured node.
 */
final class CfgConnection implements AutoCloseable {
  private final NativeLibraries.Cfg lib;
  private final OwnerThread owner;
  private final ServiceHandle handle;

  CfgConnection(NativeLibraries.Cfg lib, Duration stuckAfter) {
    this.lib = lib;
    this.owner = new OwnerThread("cfg", stuckAfter);
    this.handle =
        new ServiceHandle(
            "cfg",
            () -> {
              LongByReference ref = new LongByReference();
              int rc = lib.corosync_cfg_initialize(ref, null);
              if (rc != CsError.OK) {
                throw CorosyncException.of("corosync_cfg_initialize", rc);
              }
              return ref.getValue();
            },
            h -> lib.corosync_cfg_finalize(h));
  }

  /**
   * Link state of every given node as cfgtool reports it: a node corosync does not know is left
   * out.
   */
  LinkStatus linkStatus(long localNodeId, List<Long> nodeIds, int links, Duration wait)
      throws CorosyncException {
    return owner.call(
        "corosync_cfg_node_status_get",
        wait,
        () -> {
          long h = handle.get();
          List<LinkStatus.Entry> entries = new ArrayList<>();
          for (long id : nodeIds) {
            NodeStatusV1 s = new NodeStatusV1();
            int rc = lib.corosync_cfg_node_status_get(h, (int) id, NodeStatusV1.VERSION_1, s);
            if (rc == CsError.NOT_EXIST) {
              continue;
            }
            handle.check("corosync_cfg_node_status_get(" + id + ")", rc);
            s.read();
            for (int link = 0; link < Math.min(links, NodeStatusV1.MAX_LINKS); link++) {
              NodeStatusV1.KnetLinkStatusV1 l = s.linkStatus[link];
              LinkStatus.State state =
                  id == localNodeId
                      ? LinkStatus.State.LOCALHOST
                      : l.connected != 0
                          ? LinkStatus.State.CONNECTED
                          : LinkStatus.State.DISCONNECTED;
              entries.add(new LinkStatus.Entry(link, id, state, l.enabled != 0));
            }
          }
          return new LinkStatus(localNodeId, entries);
        });
  }

  long opens() {
    return handle.opens();
  }

  @Override
  public void close() {
    owner.closeWith(handle::close);
  }
}
