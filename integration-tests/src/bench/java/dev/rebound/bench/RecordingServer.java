package dev.rebound.bench;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP server on daemon threads that keeps a record of every request it answered, for
 * the scripted servers of the fault and outage parts. Thread-safe.
 *
 * @param <H> what is recorded of one request
 */
final class RecordingServer<H> implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService pool;
  private final List<H> hits = Collections.synchronizedList(new ArrayList<>());

  RecordingServer(String threadName, int backlog, HttpHandler handler) throws IOException {
    pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), backlog);
    server.createContext("/", handler);
    server.setExecutor(pool);
    server.start();
  }

  void record(H hit) {
    hits.add(hit);
  }

  String baseUrl() {
    return "http://" + hostAndPort();
  }

  String hostAndPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  List<H> hits() {
    synchronized (hits) {
      return List.copyOf(hits);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
