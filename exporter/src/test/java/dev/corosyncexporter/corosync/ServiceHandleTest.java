package dev.corosyncexporter.corosync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ServiceHandleTest {
  private final AtomicBoolean corosyncUp = new AtomicBoolean(true);
  private final AtomicLong nextHandle = new AtomicLong(100);
  private final List<Long> finalized = new ArrayList<>();
  private int openAttempts;
  private final ServiceHandle handle =
      new ServiceHandle(
          "votequorum",
          () -> {
            openAttempts++;
            if (!corosyncUp.get()) {
              throw CorosyncException.of("votequorum_initialize", CsError.LIBRARY);
            }
            return nextHandle.incrementAndGet();
          },
          finalized::add);

  @Test
  void opensOnceAndKeepsTheHandle() throws Exception {
    assertThat(handle.get()).isEqualTo(101);
    assertThat(handle.get()).isEqualTo(101);
    assertThat(handle.opens()).isEqualTo(1);
  }

  @Test
  void aBrokenConnectionIsFinalizedAndReopenedByTheNextCall() throws Exception {
    long first = handle.get();
    assertThatThrownBy(() -> handle.check("votequorum_getinfo", CsError.LIBRARY))
        .hasMessage("votequorum: votequorum_getinfo: CS_ERR_LIBRARY");
    assertThat(finalized).containsExactly(first);
    assertThat(handle.get()).isNotEqualTo(first);
    assertThat(handle.opens()).isEqualTo(2);
  }

  @Test
  void answersThatLeaveTheConnectionIntactKeepIt() throws Exception {
    handle.get();
    assertThatThrownBy(() -> handle.check("votequorum_getinfo(7)", CsError.NOT_EXIST))
        .hasMessageContaining("CS_ERR_NOT_EXIST");
    assertThatThrownBy(() -> handle.check("votequorum_getinfo", CsError.TRY_AGAIN))
        .hasMessageContaining("CS_ERR_TRY_AGAIN");
    handle.check("votequorum_getinfo", CsError.OK);
    assertThat(finalized).isEmpty();
    assertThat(handle.opens()).isEqualTo(1);
  }

  @Test
  void whileCorosyncIsAwayReconnectsArePacedNotHammered() throws Exception {
    corosyncUp.set(false);
    assertThatThrownBy(handle::get).hasMessageContaining("CS_ERR_LIBRARY");
    // Within the pause, calls fail at once without trying to connect.
    for (int i = 0; i < 10; i++) {
      assertThatThrownBy(handle::get).hasMessageContaining("next attempt in");
    }
    assertThat(openAttempts).isEqualTo(1);
    corosyncUp.set(true);
    Thread.sleep(ServiceHandle.FIRST_RETRY.toMillis() + 50);
    assertThat(handle.get()).isPositive();
    assertThat(openAttempts).isEqualTo(2);
  }
}
