package dev.rebound.it.probes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The stdin/stdout protocol of {@code support.ProbeProcess}, for probes that are ordinary
 * applications otherwise: one call per line ({@code mode url base64(body) base64(headers)}), its
 * answer as STATUS / HEADER / BODY / CHUNK / ERROR lines and END. JDK types only.
 */
final class ProbeIo {
  /** One call of the probe application. */
  interface Call {
    void run(String mode, String url, String body, List<String[]> headers, Out out)
        throws Exception;
  }

  /** What the probe application saw, in the protocol's lines. */
  static final class Out {
    private final StringBuilder b = new StringBuilder();
    final long startNanos = System.nanoTime();

    Out status(int code) {
      b.append("STATUS ").append(code).append('\n');
      return this;
    }

    Out header(String name, String value) {
      b.append("HEADER ").append(name).append(": ").append(value).append('\n');
      return this;
    }

    Out body(String body) {
      b.append("BODY ").append(encode(body)).append('\n');
      return this;
    }

    /** One line of a stream, stamped with the milliseconds since the call began. */
    Out chunk(String line) {
      b.append("CHUNK ").append(millis()).append(' ').append(encode(line)).append('\n');
      return this;
    }

    /** Each line of a stream, as it arrives. */
    Out lines(java.io.InputStream in) throws IOException {
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        chunk(line);
      }
      return this;
    }

    Out error(String text) {
      b.append("ERROR ").append(text).append('\n');
      return this;
    }

    long millis() {
      return (System.nanoTime() - startNanos) / 1_000_000;
    }
  }

  private ProbeIo() {}

  /** The {@code <what>} of a mode {@code <what>-<sync|async>}; a bare mode is a plain call. */
  static String what(String mode) {
    int dash = mode.lastIndexOf('-');
    return dash < 0 ? "call" : mode.substring(0, dash);
  }

  /** Serves calls until stdin closes. */
  static void serve(Call call) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    System.out.println("READY");
    String line;
    while ((line = in.readLine()) != null) {
      String[] f = line.split(" ", -1);
      Out out = new Out();
      try {
        call.run(f[0], f[1], decode(f[2]), headers(decode(f[3])), out);
      } catch (Exception e) {
        Throwable t =
            e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
                ? e.getCause()
                : e;
        out.error(t.getClass().getName() + " " + t.getMessage());
      }
      System.out.print(out.b.append("END\n"));
      System.out.flush();
    }
  }

  /** The request headers of a call, one {@code name: value} a line: as name and value. */
  static List<String[]> headers(String text) {
    List<String[]> headers = new ArrayList<>();
    if (!text.isEmpty()) {
      for (String h : text.split("\n")) {
        int colon = h.indexOf(':');
        headers.add(new String[] {h.substring(0, colon).trim(), h.substring(colon + 1).trim()});
      }
    }
    return headers;
  }

  private static String decode(String s) {
    return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
  }

  private static String encode(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
