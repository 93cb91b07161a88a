package dev.corosyncexporter.ssh;

import dev.corosyncexporter.config.NodeTarget;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link SshCommandRunner} per SSH target, shared by everything that talks to that node (a
 * qnetd server watched for several clusters gets a single session). Runners connect lazily, so
 * creating the pool never blocks on the network.
 */
public final class SshRunnerPool implements AutoCloseable {
  private final SshRunnerOptions options;
  private final Map<NodeTarget, SshCommandRunner> runners = new ConcurrentHashMap<>();
  private volatile boolean closed;

  public SshRunnerPool(SshRunnerOptions options) {
    this.options = options;
  }

  /**
   * The runner for {@code node}, created on first use and kept: one SSH session per node for the
   * exporter's life.
   */
  public SshCommandRunner runnerFor(NodeTarget node) {
    if (closed) {
      throw new IllegalStateException("pool is closed");
    }
    return runners.computeIfAbsent(node, n -> new SshCommandRunner(n, options));
  }

  @Override
  public void close() {
    closed = true;
    runners.values().forEach(SshCommandRunner::close);
    runners.clear();
  }
}
