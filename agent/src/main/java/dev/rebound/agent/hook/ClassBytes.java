package dev.rebound.agent.hook;

/** Big-endian reads from a class file. Immutable view; never copies. */
final class ClassBytes {
  private final byte[] bytes;

  ClassBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  byte[] bytes() {
    return bytes;
  }

  int u1(int offset) {
    return bytes[offset] & 0xFF;
  }

  int u2(int offset) {
    return ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
  }

  int u4(int offset) {
    return (u2(offset) << 16) | u2(offset + 2);
  }

  /** The offset just past the attributes that start (with their count) at {@code offset}. */
  int skipAttributes(int offset) {
    int n = u2(offset);
    int p = offset + 2;
    for (int i = 0; i < n; i++) {
      p += 6 + u4(p + 2);
    }
    return p;
  }
}
