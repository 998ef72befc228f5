package dev.rebound.it.support;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server that answers each connection with the next of its scripted streams: the head and the
 * given bytes of an event stream at once, then, for a stalling answer, nothing more for a while.
 * For what MockWebServer cannot do exactly: its throttle also slows the reading of the request.
 */
public final class StallingServer implements AutoCloseable {
  /** One answer: these bytes, then silence for {@code stallMillis} (0: end the stream). */
  public record Answer(String events, long stallMillis) {}

  private final ServerSocket socket;
  private final List<Answer> answers;
  private final AtomicInteger requests = new AtomicInteger();
  private final Thread acceptor;

  public StallingServer(List<Answer> answers) throws IOException {
    this.answers = answers;
    this.socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::accept, "stalling-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + socket.getLocalPort() + path;
  }

  public int requests() {
    return requests.get();
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        int n = requests.getAndIncrement();
        Thread t =
            new Thread(
                () -> serve(s, answers.get(Math.min(n, answers.size() - 1))), "stalling-" + n);
        t.setDaemon(true);
        t.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private static void serve(Socket s, Answer answer) {
    try (s) {
      readRequest(new BufferedInputStream(s.getInputStream()));
      OutputStream out = s.getOutputStream();
      byte[] body = answer.events().getBytes(StandardCharsets.UTF_8);
      String head =
          "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      if (answer.stallMillis() > 0) {
        // The provider hangs: the connection stays open and silent.
        Thread.sleep(answer.stallMillis());
      } else {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // The client gave up on the connection: that is the point of a stall.
    }
  }

  private static void readRequest(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int contentLength = 0;
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        String l = line.toString().trim();
        if (l.isEmpty()) {
          break;
        }
        if (l.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          contentLength = Integer.parseInt(l.substring(15).trim());
        }
        line.setLength(0);
      } else {
        line.append((char) c);
      }
    }
    in.readNBytes(contentLength);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
