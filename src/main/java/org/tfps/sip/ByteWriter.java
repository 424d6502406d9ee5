package org.tfps.sip;

import java.util.Arrays;

/** A growable byte buffer for building messages; text is written as ISO-8859-1. */
final class ByteWriter {

  private byte[] buf;
  private int len;

  ByteWriter(int capacity) {
    buf = new byte[capacity];
  }

  ByteWriter text(String s) {
    ensure(s.length());
    for (int i = 0; i < s.length(); i++) {
      buf[len++] = (byte) s.charAt(i);
    }
    return this;
  }

  ByteWriter number(int n) {
    return text(Integer.toString(n));
  }

  ByteWriter bytes(byte[] src, int start, int end) {
    ensure(end - start);
    System.arraycopy(src, start, buf, len, end - start);
    len += end - start;
    return this;
  }

  ByteWriter crlf() {
    ensure(2);
    buf[len++] = '\r';
    buf[len++] = '\n';
    return this;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }
  }
}
