package dev.corosyncexporter.central;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corosyncexporter.command.CommandResult.Outcome;
import dev.corosyncexporter.config.ClusterTarget;
import dev.corosyncexporter.config.ExporterConfig;
import dev.corosyncexporter.config.NodeTarget;
import dev.corosyncexporter.config.SshSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SshRunnerPoolTest {
  private static final SshSettings SSH = SshSettings.withKey("monitor", Path.of("/keys/id"), Path.of("/keys/known_hosts"));
  private static final NodeTarget PVE1 = new NodeTarget("pve1", 22, SSH);
  private static final NodeTarget PVE2 = new NodeTarget("pve2", 22, SSH);
  private static final NodeTarget QNETD = new NodeTarget("qnetd", 22, SSH);

  @Test
  void sharesOneRunnerPerTarget() {
    try (SshRunnerPool pool = new SshRunnerPool()) {
      SshCommandRunner a = pool.runnerFor(PVE1);

      assertThat(pool.runnerFor(new NodeTarget("pve1", 22, SSH))).isSameAs(a);
      assertThat(pool.runnerFor(new NodeTarget("pve1", 2222, SSH))).isNotSameAs(a);
      assertThat(pool.runnerFor(new NodeTarget("pve1", 22, SSH.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2)))))
          .isNotSameAs(a);
      assertThat(a.target()).isEqualTo("ssh://monitor@pve1:22");
    }
  }

  @Test
  void createsRunnersForEveryConfiguredTargetOnce() {
    ExporterConfig config = new ExporterConfig(List.of(
        new ClusterTarget("a", List.of(PVE1), List.of(QNETD)),
        new ClusterTarget("b", List.of(PVE2), List.of(QNETD))));

    try (SshRunnerPool pool = SshRunnerPool.forConfig(config, SshRunnerOptions.defaults())) {
      assertThat(pool.size()).isEqualTo(3);
    }
  }

  @Test
  void retainOnlyClosesRunnersOfRemovedTargets() {
    try (SshRunnerPool pool = new SshRunnerPool()) {
      SshCommandRunner kept = pool.runnerFor(PVE1);
      SshCommandRunner dropped = pool.runnerFor(PVE2);

      pool.retainOnly(List.of(PVE1));

      assertThat(pool.size()).isEqualTo(1);
      assertThat(pool.runnerFor(PVE1)).isSameAs(kept);
      assertThat(dropped.run(List.of("true"), Duration.ofSeconds(1)).error()).endsWith("is closed");
    }
  }

  @Test
  void closeClosesEveryRunner() {
    SshRunnerPool pool = new SshRunnerPool();
    SshCommandRunner runner = pool.runnerFor(PVE1);

    pool.close();

    assertThat(runner.run(List.of("true"), Duration.ofSeconds(1)).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(pool.size()).isZero();
  }
}
