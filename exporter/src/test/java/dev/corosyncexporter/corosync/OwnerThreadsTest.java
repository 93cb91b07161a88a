package dev.corosyncexporter.corosync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corosyncexporter.concurrent.GuardedThread;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * What a connection's caller is told, in corosync's words, when its owner thread gives no answer
 * (the thread's own behaviour is GuardedThreadTest's).
 */
class OwnerThreadsTest {

  @Test
  void runsOnTheConnectionsOwnThread() throws Exception {
    try (GuardedThread owner = OwnerThreads.start("t-named", Duration.ofSeconds(1))) {
      assertThat(
              OwnerThreads.call(
                  owner,
                  "t-named",
                  "a",
                  Duration.ofSeconds(5),
                  () -> Thread.currentThread().getName()))
          .isEqualTo("corosync-t-named");
    }
  }

  @Test
  void aStuckCallIsReportedAsNoAnswerFromCorosyncAndLaterCallsAreNotQueued() throws Exception {
    CountDownLatch frozen = new CountDownLatch(1);
    try (GuardedThread owner = OwnerThreads.start("t-frozen", Duration.ofMillis(200))) {
      assertThatThrownBy(
              () ->
                  OwnerThreads.call(
                      owner,
                      "votequorum",
                      "getinfo",
                      Duration.ofMillis(300),
                      () -> {
                        try {
                          return frozen.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                          throw new CorosyncException("interrupted", e);
                        }
                      }))
          .isInstanceOf(CorosyncException.class)
          .hasMessage("votequorum: getinfo had no answer from corosync within 300 ms");
      assertThatThrownBy(
              () ->
                  OwnerThreads.call(
                      owner, "votequorum", "getinfo", Duration.ofSeconds(30), () -> 1))
          .isInstanceOf(CorosyncException.class)
          .hasMessageStartingWith(
              "votequorum: an earlier call has had no answer from corosync for ")
          .hasMessageEndingWith(" ms (corosync frozen?); not queueing another");
      frozen.countDown();
      Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> !owner.busy());
    }
  }

  @Test
  void aFailingCallPassesItsReasonOn() {
    try (GuardedThread owner = OwnerThreads.start("t-fail", Duration.ofSeconds(1))) {
      assertThatThrownBy(
              () ->
                  OwnerThreads.call(
                      owner,
                      "votequorum",
                      "getinfo",
                      Duration.ofSeconds(5),
                      () -> {
                        throw CorosyncException.of("votequorum_getinfo", CsError.LIBRARY);
                      }))
          .hasMessage("votequorum_getinfo: CS_ERR_LIBRARY");
    }
  }

  @Test
  void aClosedConnectionSaysSo() {
    GuardedThread owner = OwnerThreads.start("t-closed", Duration.ofSeconds(1));
    owner.close();
    assertThatThrownBy(
            () -> OwnerThreads.call(owner, "quorum", "a", Duration.ofSeconds(5), () -> 1))
        .hasMessage("quorum: connection closed");
  }
}
