package dev.rebound.agent.hook;

import java.util.Arrays;

/** A growable big-endian byte buffer for writing class file parts. Confined to one thread. */
public final class ByteSink {
  private byte[] buf;
  private int size;

  public ByteSink(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  int size() {
    return size;
  }

  public ByteSink u1(int b) {
    ensure(1);
    buf[size++] = (byte) b;
    return this;
  }

  public ByteSink u2(int s) {
    if (s < 0 || s > 0xFFFF) {
      throw new IllegalStateException("value out of u2 range: " + s);
    }
    ensure(2);
    buf[size++] = (byte) (s >>> 8);
    buf[size++] = (byte) s;
    return this;
  }

  public ByteSink u4(int i) {
    ensure(4);
    buf[size++] = (byte) (i >>> 24);
    buf[size++] = (byte) (i >>> 16);
    buf[size++] = (byte) (i >>> 8);
    buf[size++] = (byte) i;
    return this;
  }

  ByteSink bytes(byte[] b, int offset, int length) {
    ensure(length);
    System.arraycopy(b, offset, buf, size, length);
    size += length;
    return this;
  }

  ByteSink bytes(ByteSink other) {
    return bytes(other.buf, 0, other.size);
  }

  /** Overwrites the u2 at {@code offset}, already written. */
  void setU2(int offset, int s) {
    buf[offset] = (byte) (s >>> 8);
    buf[offset + 1] = (byte) s;
  }

  /** A string in the class file's modified UTF-8, with its u2 length first. */
  public ByteSink utf(String s) {
    int start = size;
    u2(0);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 1 && c < 0x80) {
        u1(c);
      } else if (c < 0x800) {
        u1(0xC0 | (c >> 6)).u1(0x80 | (c & 0x3F));
      } else {
        u1(0xE0 | (c >> 12)).u1(0x80 | ((c >> 6) & 0x3F)).u1(0x80 | (c & 0x3F));
      }
    }
    setU2(start, size - start - 2);
    return this;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }
}
