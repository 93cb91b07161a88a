package dev.corosyncexporter.central;

import dev.corosyncexporter.config.ExporterConfig;
import dev.corosyncexporter.config.NodeTarget;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  public SshRunnerPool() {
    this(SshRunnerOptions.defaults());
  }

  public SshRunnerPool(SshRunnerOptions options) {
    this.options = options;
  }

  /** A pool already holding a runner for every target of {@code config}. */
  public static SshRunnerPool forConfig(ExporterConfig config, SshRunnerOptions options) {
    SshRunnerPool pool = new SshRunnerPool(options);
    config.allTargets().forEach(pool::runnerFor);
    return pool;
  }

  /**
   * The runner for {@code node}, created on first use. Targets are compared as whole records, so
   * a node whose SSH settings changed in a reload gets a fresh runner.
   */
  public SshCommandRunner runnerFor(NodeTarget node) {
    if (closed) {
      throw new IllegalStateException("pool is closed");
    }
    return runners.computeIfAbsent(node, n -> new SshCommandRunner(n, options));
  }

  public List<SshCommandRunner> runnersFor(Collection<NodeTarget> nodes) {
    return nodes.stream().map(this::runnerFor).toList();
  }

  /** After a config reload: closes and forgets runners for targets no longer configured. */
  public void retainOnly(Collection<NodeTarget> keep) {
    Set<NodeTarget> wanted = new HashSet<>(keep);
    runners.entrySet().removeIf(e -> {
      if (wanted.contains(e.getKey())) {
        return false;
      }
      e.getValue().close();
      return true;
    });
  }

  public int size() {
    return runners.size();
  }

  @Override
  public void close() {
    closed = true;
    runners.values().forEach(SshCommandRunner::close);
    runners.clear();
  }
}
