package org.tfps.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The UDP queue's wait, measured with probes, and when it sheds; time is passed in (nanos). */
class QueueDelayTest {

  private static final long MS = 1_000_000L;

  private final QueueDelay queue = new QueueDelay(200, 7);

  @Test
  void aProbeReadBackGivesTheWaitOfThatMoment() {
    byte[] p = queue.probe(1_000 * MS);
    assertThat(p).hasSize(QueueDelay.PROBE_BYTES);
    assertThat(queue.received(p, p.length, 1_012 * MS)).isTrue();
    assertThat(queue.delayMillis()).isEqualTo(12);
    assertThat(queue.shedding()).isFalse();
  }

  @Test
  void shedsPastTheLimitAndStopsOnlyAtHalfOfIt() {
    byte[] a = queue.probe(0);
    byte[] b = queue.probe(10 * MS);
    byte[] c = queue.probe(20 * MS);
    byte[] d = queue.probe(30 * MS);
    queue.received(a, a.length, 201 * MS);
    assertThat(queue.shedding()).isTrue();
    queue.received(b, b.length, 160 * MS); // below the limit, above half of it: still shedding
    assertThat(queue.shedding()).isTrue();
    queue.received(c, c.length, 120 * MS); // 100 ms: half of it
    assertThat(queue.shedding()).isFalse();
    queue.received(d, d.length, 230 * MS); // exactly the limit is not past it
    assertThat(queue.shedding()).isFalse();
  }

  @Test
  void aProbeNotReadYetBoundsTheWaitFromBelow() {
    byte[] p = queue.probe(0);
    queue.tick(150 * MS);
    assertThat(queue.delayMillis()).isEqualTo(150);
    assertThat(queue.shedding()).isFalse();
    queue.tick(250 * MS); // the queue stopped moving, or dropped the probe
    assertThat(queue.shedding()).isTrue();
    assertThat(queue.delayMillis()).isEqualTo(250);
    queue.received(p, p.length, 260 * MS);
    assertThat(queue.delayMillis()).isEqualTo(260);
    byte[] q = queue.probe(270 * MS);
    queue.received(q, q.length, 271 * MS);
    assertThat(queue.shedding()).isFalse();
    queue.tick(280 * MS); // nothing unread: nothing changes
    assertThat(queue.delayMillis()).isEqualTo(1);
  }

  @Test
  void aLoopThatStoodStillShedsOnlyWhenWhatQueuedMeanwhileTakesTooLongToRead() {
    queue.tick(0);
    byte[] before = queue.probe(0);
    queue.tick(500 * MS); // no tick for 500 ms: a pause, a stopped process
    assertThat(queue.shedding()).isFalse();
    byte[] after = queue.probe(500 * MS); // behind what queued meanwhile
    queue.received(before, before.length, 505 * MS);
    assertThat(queue.delayMillis()).isEqualTo(505); // shown, but it waited behind the stall
    assertThat(queue.shedding()).isFalse();
    queue.received(after, after.length, 540 * MS); // the backlog was read in 40 ms
    assertThat(queue.shedding()).isFalse();

    byte[] next = queue.probe(550 * MS);
    queue.tick(560 * MS);
    queue.tick(760 * MS); // still behind after 210 ms: the backlog is too long
    assertThat(queue.shedding()).isTrue();
    queue.received(next, next.length, 770 * MS);
    assertThat(queue.shedding()).isTrue();
  }

  @Test
  void aProbeReadJustAfterAStallBeforeAnyTickDoesNotCount() {
    queue.tick(0);
    byte[] p = queue.probe(0);
    queue.received(p, p.length, 400 * MS); // the loop read it first thing after standing still
    assertThat(queue.delayMillis()).isEqualTo(400);
    assertThat(queue.shedding()).isFalse();
  }

  @Test
  void aLostProbeIsPassedOverByTheNextOneRead() {
    queue.probe(0); // dropped by a full queue
    byte[] b = queue.probe(10 * MS);
    queue.received(b, b.length, 15 * MS);
    queue.tick(400 * MS);
    assertThat(queue.delayMillis()).isEqualTo(5);
    assertThat(queue.shedding()).isFalse();
  }

  @Test
  void onlyThisLoopsProbesAreTaken() {
    byte[] p = queue.probe(0);
    byte[] forged = new QueueDelay(200, 8).probe(0);
    assertThat(queue.received(forged, forged.length, 300 * MS)).isFalse();
    byte[] sip = "OPTIONS sip:a@b SIP/2.0\r\n\r\n12345".getBytes();
    assertThat(queue.received(sip, 32, 300 * MS)).isFalse();
    byte[] unknown = ByteBuffer.wrap(p.clone()).putLong(16, 99).array(); // never sent
    assertThat(queue.received(unknown, unknown.length, 300 * MS)).isTrue();
    assertThat(queue.shedding()).isFalse();
    assertThat(queue.delayMillis()).isZero();
    assertThat(queue.received(p, p.length, 300 * MS)).isTrue();
    assertThat(queue.received(p, p.length, 301 * MS)).isTrue(); // read twice: counted once
    assertThat(queue.delayMillis()).isEqualTo(300);
  }

  @Test
  void offSendsNoProbeAndNeverSheds() {
    QueueDelay off = new QueueDelay(0, 7);
    assertThat(off.enabled()).isFalse();
    assertThat(off.probe(0)).isNull();
    off.tick(0);
    off.tick(10_000 * MS);
    assertThat(off.shedding()).isFalse();
  }

  @Test
  void stopsSendingWhenTenSecondsOfProbesAreUnreadAndReusesAnUnsentNumber() {
    int sent = 0;
    while (queue.probe(sent * 10 * MS) != null) {
      sent++;
    }
    assertThat(sent).isEqualTo(1024);
    QueueDelay other = new QueueDelay(200, 7);
    byte[] first = other.probe(0);
    other.unsent();
    byte[] again = other.probe(5 * MS);
    assertThat(ByteBuffer.wrap(again).getLong(16)).isEqualTo(ByteBuffer.wrap(first).getLong(16));
  }
}
