package dev.rebound.agent.shared;

import dev.rebound.agent.config.RedisUri;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One connection to Redis speaking RESP2, the little of it that sharing needs: commands as arrays
 * of bulk strings; replies as {@link String} (simple and bulk strings), {@link Long}, {@link List}
 * or null, a Redis error as {@link ReplyException}. No pool, no retry: the caller reconnects.
 * Confined to one thread.
 */
final class RespConnection implements AutoCloseable {
  /** A {@code -ERR ...} reply: Redis refused the command (wrong password, unknown db...). */
  static final class ReplyException extends IOException {
    private static final long serialVersionUID = 1L;

    ReplyException(String message) {
      super(message);
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RespConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = new BufferedOutputStream(socket.getOutputStream());
  }

  /**
   * Connects, authenticates and selects the database (or pings a server that needs neither), each
   * step within {@code timeoutMillis}: a connection is open once the server has answered. Messages
   * of the exceptions name the host and port, never the password.
   */
  static RespConnection open(RedisUri uri, int timeoutMillis) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(uri.host(), uri.port()), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      socket.setTcpNoDelay(true);
      if (uri.tls()) {
        SSLSocket tls =
            (SSLSocket)
                ((SSLSocketFactory) SSLSocketFactory.getDefault())
                    .createSocket(socket, uri.host(), uri.port(), true);
        // The name on the certificate must be the host's, as for HTTPS.
        javax.net.ssl.SSLParameters params = tls.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(params);
        tls.startHandshake();
        socket = tls;
      }
      RespConnection c = new RespConnection(socket);
      if (uri.password() != null) {
        if (uri.user() != null) {
          c.call("AUTH", uri.user(), uri.password());
        } else {
          c.call("AUTH", uri.password());
        }
      }
      if (uri.db() != 0) {
        c.call("SELECT", Integer.toString(uri.db()));
      } else if (uri.password() == null) {
        // The kernel completes the connection of a Redis that is stopped or hung: only an answer
        // shows that the server is there.
        c.call("PING");
      }
      return c;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** Sends a command and reads its reply. */
  Object call(String... args) throws IOException {
    send(args);
    flush();
    return read();
  }

  /** Writes a command without flushing, to pipeline several. */
  void send(String... args) throws IOException {
    writeLine('*', args.length);
    for (String arg : args) {
      byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
      writeLine('$', bytes.length);
      out.write(bytes);
      out.write('\r');
      out.write('\n');
    }
  }

  void flush() throws IOException {
    out.flush();
  }

  /**
   * The next reply. A Redis error inside an array is returned as its exception, so that the rest of
   * the array is still read.
   */
  Object read() throws IOException {
    Object reply = readValue();
    if (reply instanceof ReplyException e) {
      throw e;
    }
    return reply;
  }

  /** How long a read waits before it throws {@link SocketTimeoutException}; 0 = forever. */
  void readTimeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing a broken connection: nothing more to do with it.
    }
  }

  private Object readValue() throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new EOFException("Redis closed the connection");
    }
    String line = readLine();
    switch (type) {
      case '+':
        return line;
      case '-':
        return new ReplyException("Redis replied: " + line);
      case ':':
        return Long.parseLong(line);
      case '$':
        {
          int length = Integer.parseInt(line);
          if (length < 0) {
            return null;
          }
          byte[] bytes = in.readNBytes(length);
          if (bytes.length < length || in.read() != '\r' || in.read() != '\n') {
            throw new EOFException("Redis closed the connection");
          }
          return new String(bytes, StandardCharsets.UTF_8);
        }
      case '*':
        {
          int count = Integer.parseInt(line);
          if (count < 0) {
            return null;
          }
          List<Object> items = new ArrayList<>(count);
          for (int i = 0; i < count; i++) {
            items.add(readValue());
          }
          return items;
        }
      default:
        throw new IOException("not a RESP reply: " + (char) type);
    }
  }

  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("Redis closed the connection");
      }
      if (b == '\r') {
        if (in.read() != '\n') {
          throw new IOException("malformed RESP line");
        }
        return line.toString();
      }
      line.append((char) b);
    }
  }

  private void writeLine(char type, int n) throws IOException {
    out.write(type);
    out.write(Integer.toString(n).getBytes(StandardCharsets.US_ASCII));
    out.write('\r');
    out.write('\n');
  }
}
