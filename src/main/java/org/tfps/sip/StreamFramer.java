package org.tfps.sip;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Cuts a TCP byte stream into SIP messages by Content-Length (RFC 3261 18.3). Leading CRLFs are
 * skipped (7.5); a double-CRLF keepalive (RFC 5626 3.5.1) is reported so the caller can answer with
 * a single CRLF. Bounded by {@link SipLimits#MAX_MESSAGE_BYTES}.
 */
public final class StreamFramer {

  /** What the framer found in the stream. */
  public interface Listener {
    /** A whole message; the array is the listener's to keep. */
    void onMessage(byte[] message);

    /** A CRLFCRLF keepalive ping. */
    void onKeepAlive();

    /** The stream cannot be framed (no end of headers within the limit, bad Content-Length). */
    void onFramingError(ParseError reason);
  }

  private final Listener listener;
  private byte[] buf = new byte[4096];
  private int len;
  private boolean failed;

  public StreamFramer(Listener listener) {
    this.listener = listener;
  }

  /** Feeds received bytes; calls the listener for each complete message. */
  public void feed(byte[] data, int off, int n) {
    if (failed) {
      return;
    }
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
    System.arraycopy(data, off, buf, len, n);
    len += n;
    drain();
  }

  private void drain() {
    int pos = 0;
    while (pos < len) {
      int crlfs = 0;
      while (pos + crlfs < len && (buf[pos + crlfs] == '\r' || buf[pos + crlfs] == '\n')) {
        crlfs++;
      }
      if (crlfs >= 4
          && buf[pos] == '\r'
          && buf[pos + 1] == '\n'
          && buf[pos + 2] == '\r'
          && buf[pos + 3] == '\n') {
        listener.onKeepAlive();
        pos += 4;
        continue;
      }
      if (pos + crlfs == len) {
        break; // only CRLFs so far: wait for more (may be a keepalive in progress)
      }
      pos += crlfs;
      int headerEnd = endOfHeaders(pos);
      if (headerEnd < 0) {
        if (len - pos > SipLimits.MAX_MESSAGE_BYTES) {
          fail(ParseError.TOO_LARGE);
          return;
        }
        break;
      }
      long cl = contentLength(pos, headerEnd);
      if (cl < 0) {
        fail(ParseError.BAD_CONTENT_LENGTH);
        return;
      }
      long total = (long) (headerEnd - pos) + cl;
      if (total > SipLimits.MAX_MESSAGE_BYTES || cl > SipLimits.MAX_BODY_BYTES) {
        fail(ParseError.TOO_LARGE);
        return;
      }
      if (pos + total > len) {
        break;
      }
      listener.onMessage(Arrays.copyOfRange(buf, pos, pos + (int) total));
      pos += (int) total;
      if (failed) {
        return;
      }
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, len - pos);
      len -= pos;
    }
    if (buf.length > 65_536 && len < 4096) {
      buf = Arrays.copyOf(buf, 4096);
    }
  }

  /** Index just past the blank line ending the header section, or -1. */
  private int endOfHeaders(int from) {
    for (int i = from; i + 1 < len; i++) {
      if (buf[i] == '\n') {
        if (buf[i + 1] == '\n') {
          return i + 2;
        }
        if (buf[i + 1] == '\r' && i + 2 < len && buf[i + 2] == '\n') {
          return i + 3;
        }
      }
    }
    return -1;
  }

  /**
   * The Content-Length (or compact "l") value of the header block; 0 when absent; -1 when malformed
   * or given twice with different values.
   */
  private long contentLength(int from, int to) {
    long found = -2;
    int line = from;
    while (line < to && buf[line] != '\n') {
      line++; // skip the start line: only header lines carry Content-Length
    }
    line++;
    while (line < to) {
      int end = line;
      while (end < to && buf[end] != '\n') {
        end++;
      }
      int nameEnd = line;
      while (nameEnd < end && buf[nameEnd] != ':' && buf[nameEnd] != ' ' && buf[nameEnd] != '\t') {
        nameEnd++;
      }
      if (HeaderName.lookup(buf, line, nameEnd) == HeaderName.CONTENT_LENGTH) {
        int v = nameEnd;
        while (v < end && (buf[v] == ' ' || buf[v] == '\t' || buf[v] == ':')) {
          v++;
        }
        int ve = end;
        while (ve > v && (buf[ve - 1] == '\r' || buf[ve - 1] == ' ' || buf[ve - 1] == '\t')) {
          ve--;
        }
        long value = SipParser.digits(buf, v, ve);
        if (value < 0 || (found >= 0 && value != found)) {
          return -1;
        }
        found = value;
      }
      line = end + 1;
    }
    return found == -2 ? 0 : found;
  }

  private void fail(ParseError reason) {
    failed = true;
    len = 0;
    listener.onFramingError(reason);
  }

  /** Convenience for tests: a listener from lambdas. */
  public static Listener listener(
      Consumer<byte[]> onMessage, Runnable onKeepAlive, Consumer<ParseError> onError) {
    return new Listener() {
      @Override
      public void onMessage(byte[] message) {
        onMessage.accept(message);
      }

      @Override
      public void onKeepAlive() {
        onKeepAlive.run();
      }

      @Override
      public void onFramingError(ParseError reason) {
        onError.accept(reason);
      }
    };
  }
}
