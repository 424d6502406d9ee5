package org.tfps.ivr;

import java.time.Clock;
import java.time.Instant;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.tfps.sip.VerifyHandler;

/**
 * One verify call's media logic: plays the challenge's prompts as paced RTP, reads RFC 4733 and SIP
 * INFO digits, and hangs up when the outcome's prompts have played. No socket and no timer of its
 * own: {@link #tick()} is called when {@link #nextFrameDue} says (by the media thread, {@link
 * MediaLoop}) and packets go to a {@link Media}, so tests drive it with fake clocks. Confined to
 * one thread: every method, the constructor apart, runs on the media thread.
 */
final class VerifyCall implements VerifyHandler.Session {

  /** Frames sent in one tick at most (the pacer allows 2 late ones; bounded either way). */
  static final int MAX_FRAMES_PER_TICK = 4;

  /** Where packets go, and the socket's release. */
  interface Media {
    void send(byte[] packet, int length);

    void close();
  }

  /** What the call tells its owner. */
  interface Owner {
    /** The challenge ended (once per call). */
    void outcome(Challenge.Outcome outcome);

    /** TFPS hangs up: send the BYE. */
    void hangUp();

    /** Everything of the call is released (once per call): the port, the timer. */
    void released();

    /**
     * Checks a PIN entry away from the call's thread (a PBKDF2 hash takes about 0.2 s) and hands
     * the answer to {@code answer} on the call's thread. Needed by PIN challenges only.
     */
    default void checkPin(String typed, java.util.function.Consumer<Boolean> answer) {
      throw new UnsupportedOperationException("this owner checks no PIN");
    }
  }

  private enum State {
    ANSWERED,
    PLAYING,
    FINISHING,
    OVER
  }

  private final Challenge challenge;
  private final Playout playout;
  private final RtpStream stream;
  private final int telephoneEvent;
  private final LongSupplier nanos;
  private final Clock clock;
  private final long silenceNanos;
  private final Media media;
  private final Owner owner;
  private final LongConsumer lateness;
  private final DtmfEvents dtmf = new DtmfEvents();
  private final byte[] payload = new byte[RtpStream.FRAME_BYTES];
  private State state = State.ANSWERED;
  private Pacer pacer;
  private long lastHeard;
  private boolean outcomeTold;

  VerifyCall(
      Challenge challenge,
      Playout playout,
      RtpStream stream,
      int telephoneEvent,
      LongSupplier nanos,
      Clock clock,
      long silenceNanos,
      Media media,
      Owner owner,
      LongConsumer lateness) {
    this.challenge = challenge;
    this.playout = playout;
    this.stream = stream;
    this.telephoneEvent = telephoneEvent;
    this.nanos = nanos;
    this.clock = clock;
    this.silenceNanos = silenceNanos;
    this.media = media;
    this.owner = owner;
    this.lateness = lateness;
  }

  @Override
  public void acked() {
    if (state != State.ANSWERED) {
      return;
    }
    state = State.PLAYING;
    pacer = new Pacer(nanos);
    lastHeard = nanos.getAsLong();
    apply(challenge.start());
  }

  /** Sends the frames due, then checks the challenge's timeouts and the caller's silence. */
  void tick() {
    if (state == State.ANSWERED || state == State.OVER) {
      return;
    }
    for (int i = 0; i < MAX_FRAMES_PER_TICK; i++) {
      long frame = pacer.poll();
      if (frame < 0) {
        break;
      }
      boolean finished = playout.nextFrame(payload, 0);
      int length = stream.frame(frame, payload, 0);
      media.send(stream.packet(), length);
      lateness.accept(pacer.lastLatenessNanos());
      if (finished) {
        promptsPlayed();
        if (state == State.OVER) {
          return;
        }
      }
    }
    if (state != State.PLAYING) {
      return;
    }
    Instant deadline = challenge.nextDeadline();
    if (deadline != null && !clock.instant().isBefore(deadline)) {
      apply(challenge.tick());
    }
    if (state == State.PLAYING && nanos.getAsLong() - lastHeard > silenceNanos) {
      // RTP silence: the caller is gone without a BYE (or its media never came).
      tell(challenge.hangUp().outcome());
      finish();
    }
  }

  /** An RTP datagram from the caller. */
  void onRtp(byte[] buf, int length) {
    if (state == State.OVER) {
      return;
    }
    lastHeard = nanos.getAsLong();
    if (state != State.PLAYING || telephoneEvent < 0) {
      return;
    }
    try {
      RtpPacket.Header h = RtpPacket.parse(buf, 0, length);
      if (h.payloadType() == telephoneEvent) {
        char digit = dtmf.onPacket(h, buf);
        if (digit != DtmfEvents.NONE) {
          apply(challenge.digit(digit));
        }
      }
    } catch (MediaParseException e) {
      // Junk on the RTP port: ignored (counted by the owner if needed).
    }
  }

  @Override
  public void info(String contentType, byte[] body) {
    if (state != State.PLAYING) {
      return;
    }
    try {
      DtmfEvents.InfoSignal s = DtmfEvents.parseInfo(contentType, body, 0, body.length);
      apply(challenge.digit(s.digit()));
    } catch (MediaParseException e) {
      // Not DTMF: the INFO is answered 200 all the same.
    }
  }

  @Override
  public void ended(String why) {
    if (state == State.OVER) {
      return;
    }
    tell(challenge.hangUp().outcome());
    release();
  }

  /**
   * When the next frame is due, on the monotonic clock; {@code notAfter} when that is earlier, and
   * before the ACK and after the end.
   */
  long nextFrameDue(long notAfter) {
    if (pacer == null || state == State.ANSWERED || state == State.OVER) {
      return notAfter;
    }
    long due = pacer.nextDue();
    return due - notAfter < 0 ? due : notAfter;
  }

  /** Frames the pacer skipped so far because the call was run too late ({@link Pacer#skipped}). */
  long framesSkipped() {
    return pacer == null ? 0 : pacer.skipped();
  }

  /** True once the call has released everything. */
  boolean over() {
    return state == State.OVER;
  }

  private void promptsPlayed() {
    if (state == State.FINISHING) {
      finish();
    } else {
      apply(challenge.promptsPlayed());
    }
  }

  private void apply(Challenge.Step step) {
    if (!step.prompts().isEmpty()) {
      playout.play(step.prompts());
    }
    if (step.pinToCheck() != null) {
      owner.checkPin(
          step.pinToCheck(),
          right -> {
            if (state == State.PLAYING) {
              apply(challenge.checked(right));
            }
          });
    }
    if (step.done()) {
      tell(step.outcome());
      if (playout.playing() && !step.prompts().isEmpty()) {
        state = State.FINISHING;
      } else {
        finish();
      }
    }
  }

  private void tell(Challenge.Outcome outcome) {
    if (!outcomeTold && outcome != Challenge.Outcome.PENDING) {
      outcomeTold = true;
      owner.outcome(outcome);
    }
  }

  private void finish() {
    release();
    owner.hangUp();
  }

  private void release() {
    if (state == State.OVER) {
      return;
    }
    state = State.OVER;
    media.close();
    owner.released();
  }
}
