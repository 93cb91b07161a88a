package dev.corosyncexporter.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corosyncexporter.config.NodeTarget;
import dev.corosyncexporter.config.SshSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SshRunnerPoolTest {
  private static final SshSettings SSH =
      SshSettings.withKey("monitor", Path.of("/keys/id"), Path.of("/keys/known_hosts"));
  private static final NodeTarget PVE1 = new NodeTarget("pve1", 22, SSH);

  @Test
  void sharesOneRunnerPerTarget() {
    try (SshRunnerPool pool = new SshRunnerPool(SshRunnerOptions.defaults())) {
      SshCommandRunner a = pool.runnerFor(PVE1);

      assertThat(pool.runnerFor(new NodeTarget("pve1", 22, SSH))).isSameAs(a);
      assertThat(pool.runnerFor(new NodeTarget("pve1", 2222, SSH))).isNotSameAs(a);
      assertThat(
              pool.runnerFor(
                  new NodeTarget(
                      "pve1", 22, SSH.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2)))))
          .isNotSameAs(a);
      assertThat(a.target()).isEqualTo("ssh://monitor@pve1:22");
    }
  }

  @Test
  void closeClosesEveryRunner() {
    SshRunnerPool pool = new SshRunnerPool(SshRunnerOptions.defaults());
    SshCommandRunner runner = pool.runnerFor(PVE1);

    pool.close();

    assertThat(runner.run(List.of("true"), Duration.ofSeconds(1)).error()).endsWith("is closed");
  }
}
