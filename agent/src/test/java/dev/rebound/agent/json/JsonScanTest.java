package dev.rebound.agent.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The word-at-a-time scan finds exactly the byte a byte-by-byte loop finds, wherever it falls in a
 * word, whatever bytes surround it (the borrow of the zero-byte test, bytes above 0x7f).
 */
class JsonScanTest {

  @Test
  void findsTheFirstQuoteAtEveryOffsetOfAWord() {
    for (int len = 0; len < 40; len++) {
      for (int at = 0; at < len; at++) {
        byte[] b = filled(len, (byte) 'a');
        b[at] = '"';
        assertThat(JsonScan.quote(b, 0, len)).as("len %d at %d", len, at).isEqualTo(at);
        assertThat(JsonScan.quoteOrBackslash(b, 0, len)).isEqualTo(at);
        b[at] = '\\';
        assertThat(JsonScan.quote(b, 0, len)).isEqualTo(-1);
        assertThat(JsonScan.quoteOrBackslash(b, 0, len)).isEqualTo(at);
      }
    }
  }

  @Test
  void respectsTheRangeItIsGiven() {
    byte[] b = "\"0123456789\"abcdefgh\"".getBytes(StandardCharsets.US_ASCII);

    assertThat(JsonScan.quote(b, 1, b.length)).isEqualTo(11);
    assertThat(JsonScan.quote(b, 12, 20)).isEqualTo(-1);
    assertThat(JsonScan.quote(b, 12, 21)).isEqualTo(20);
    assertThat(JsonScan.quote(b, 5, 5)).isEqualTo(-1);
  }

  @Test
  void agreesWithAByteLoopOnRandomBytes() {
    Random random = new Random(12);
    byte[] alphabet = {
      '"', '\\', 0, 1, 0x21, 0x23, 0x5b, 0x5d, (byte) 0x80, (byte) 0xa2, (byte) 0xff
    };
    for (int round = 0; round < 20_000; round++) {
      byte[] b = new byte[random.nextInt(70)];
      for (int i = 0; i < b.length; i++) {
        b[i] =
            random.nextInt(4) == 0
                ? alphabet[random.nextInt(alphabet.length)]
                : (byte) ('a' + random.nextInt(26));
      }
      int from = b.length == 0 ? 0 : random.nextInt(b.length);
      int end = from + random.nextInt(b.length - from + 1);
      assertThat(JsonScan.quote(b, from, end)).isEqualTo(naive(b, from, end, false));
      assertThat(JsonScan.quoteOrBackslash(b, from, end)).isEqualTo(naive(b, from, end, true));
    }
  }

  private static int naive(byte[] b, int from, int end, boolean backslash) {
    for (int i = from; i < end; i++) {
      if (b[i] == '"' || (backslash && b[i] == '\\')) {
        return i;
      }
    }
    return -1;
  }

  private static byte[] filled(int len, byte value) {
    byte[] b = new byte[len];
    java.util.Arrays.fill(b, value);
    return b;
  }
}
