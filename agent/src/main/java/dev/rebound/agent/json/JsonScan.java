package dev.rebound.agent.json;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Finds the bytes that end the text of a JSON string ({@code "} and {@code \}) eight at a time. A
 * prompt or an answer is mostly text, which a byte-by-byte loop walks at a nanosecond a byte: tens
 * of microseconds for a long prompt, on every call. Read as a long, eight bytes are tested at once
 * for either byte (the usual "has a zero byte" trick on the bytes xor'ed with the one searched).
 * Stateless and thread-safe.
 */
public final class JsonScan {
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long QUOTES = ONES * '"';
  private static final long BACKSLASHES = ONES * '\\';

  private JsonScan() {}

  /** The offset of the first {@code "} in {@code [from, end)}, or -1. */
  public static int quote(byte[] b, int from, int end) {
    return find(b, from, end, false);
  }

  /** The offset of the first {@code "} or {@code \} in {@code [from, end)}, or -1. */
  public static int quoteOrBackslash(byte[] b, int from, int end) {
    return find(b, from, end, true);
  }

  private static int find(byte[] b, int from, int end, boolean backslash) {
    int i = Math.max(from, 0);
    int limit = Math.min(end, b.length);
    if (limit - i >= Long.BYTES) {
      ByteBuffer words = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
      for (; i <= limit - Long.BYTES; i += Long.BYTES) {
        long v = words.getLong(i);
        long hits = zeroBytes(v ^ QUOTES);
        if (backslash) {
          hits |= zeroBytes(v ^ BACKSLASHES);
        }
        if (hits != 0) {
          // The lowest flag is exact (borrows only ever run towards higher bytes), and in little
          // endian the lowest byte is the first.
          return i + (Long.numberOfTrailingZeros(hits) >>> 3);
        }
      }
    }
    for (; i < limit; i++) {
      if (b[i] == '"' || (backslash && b[i] == '\\')) {
        return i;
      }
    }
    return -1;
  }

  /** The high bit of each byte of {@code x} that is zero (and maybe of bytes above the first). */
  private static long zeroBytes(long x) {
    return (x - ONES) & ~x & HIGHS;
  }
}
