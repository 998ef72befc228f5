package dev.rebound.it.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP/1.1 server with keep-alive that gives every request the same answer, written in
 * one segment with TCP_NODELAY. For tests of many calls: MockWebServer writes head and body apart,
 * and on a kept-alive connection Nagle's algorithm then meets the client's delayed ACK, costing
 * about 40 ms per response. Counts requests and connections.
 */
public final class OneAnswerServer implements AutoCloseable {
  private final ServerSocket socket;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "one-answer-server");
            t.setDaemon(true);
            return t;
          });
  private final byte[] answer;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();

  public OneAnswerServer(int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 "
            + status
            + " Answer\r\nContent-Type: application/json\r\nContent-Length: "
            + b.length
            + "\r\n\r\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(b);
    answer = out.toByteArray();
    socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    threads.execute(this::accept);
  }

  public String url(String path) {
    return "http://127.0.0.1:" + socket.getLocalPort() + path;
  }

  public String hostAndPort() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  public int requests() {
    return requests.get();
  }

  public int connections() {
    return connections.get();
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        s.setTcpNoDelay(true);
        connections.incrementAndGet();
        threads.execute(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s;
        InputStream in = new BufferedInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream()) {
      while (true) {
        long length = readHead(in);
        if (length < 0) {
          return;
        }
        in.skipNBytes(length);
        requests.incrementAndGet();
        out.write(answer);
        out.flush();
      }
    } catch (IOException e) {
      // The client closed the connection.
    }
  }

  /** Reads a request head; its Content-Length, or -1 at the end of the connection. */
  private static long readHead(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    long length = 0;
    boolean any = false;
    int c;
    while ((c = in.read()) >= 0) {
      any = true;
      if (c == '\n') {
        String l = line.toString().trim();
        if (l.isEmpty()) {
          return length;
        }
        if (l.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Long.parseLong(l.substring(15).trim());
        }
        line.setLength(0);
      } else {
        line.append((char) c);
      }
    }
    return any ? length : -1;
  }

  @Override
  public void close() throws IOException {
    socket.close();
    threads.shutdownNow();
  }
}
