package dev.rebound.agent.instrument.vertx.adapter;

import dev.rebound.agent.engine.CallResult;
import dev.rebound.agent.engine.StreamTail;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpFrame;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.StreamPriority;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The response a managed call's application gets: the final attempt's head with Rebound's headers,
 * and its body replayed from what Rebound read, then passed on as it arrives, with the
 * application's demand honoured ({@code pause}, {@code fetch}, {@code resume}; so {@code body()},
 * {@code pipeTo} and WebClient's late reads all work). {@link #request()} is the application's own
 * request. Also Rebound's own responses (a circuit open), with no real response behind them.
 * Confined to the request's context, where Vert.x and Rebound both call it.
 */
final class ReplayResponse implements HttpClientResponse {
  private final HttpClientResponse real;
  private final HttpClientRequest request;
  private final int status;
  private final String statusMessage;
  private final MultiMap headers;
  private final StreamTail tail;
  private final CallResult.Deliver<?> pending;
  private final Runnable ended;
  private final ArrayDeque<Object> queue = new ArrayDeque<>();
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private long demand = Long.MAX_VALUE;
  private boolean started;
  private boolean flushing;
  private boolean streamDone;
  private Buffer body;
  private Promise<Buffer> bodyPromise;
  private Promise<Void> endPromise;

  /**
   * @param real the final attempt's response, or null for Rebound's own
   * @param tail set for a released stream, with {@code pending}: the stream's end completes the
   *     call record
   * @param ended told once, when the body's end or failure arrives
   */
  ReplayResponse(
      HttpClientResponse real,
      HttpClientRequest request,
      int status,
      String statusMessage,
      MultiMap headers,
      StreamTail tail,
      CallResult.Deliver<?> pending,
      Runnable ended) {
    this.real = real;
    this.request = request;
    this.status = status;
    this.statusMessage = statusMessage;
    this.headers = headers;
    this.tail = tail;
    this.pending = pending;
    this.ended = ended;
  }

  /** One piece of the body, in order: bytes, {@link AttemptReader#END} or a failure. */
  synchronized void accept(Object event) {
    if (event instanceof byte[] bytes) {
      if (tail != null) {
        tail.onBytes(bytes, 0, bytes.length);
      }
    } else {
      streamEnded();
    }
    queue.add(event);
    flush();
  }

  /** The application has the response: what it asks for flows from now on. */
  synchronized void start() {
    started = true;
    flush();
  }

  private void streamEnded() {
    if (streamDone) {
      return;
    }
    streamDone = true;
    if (pending != null) {
      pending.streamEnded(tail.error());
    }
    ended.run();
  }

  private synchronized void flush() {
    if (!started || flushing) {
      return;
    }
    flushing = true;
    try {
      while (!queue.isEmpty() && demand > 0 && listening()) {
        Object event = queue.poll();
        if (event instanceof byte[] bytes) {
          if (demand != Long.MAX_VALUE) {
            demand--;
          }
          Buffer chunk = Buffer.buffer(bytes);
          if (body != null) {
            body.appendBuffer(chunk);
          }
          if (handler != null) {
            handler.handle(chunk);
          }
        } else if (event == AttemptReader.END) {
          if (bodyPromise != null) {
            bodyPromise.tryComplete(body);
          }
          if (endPromise != null) {
            endPromise.tryComplete();
          }
          if (endHandler != null) {
            endHandler.handle(null);
          }
        } else if (event instanceof AttemptReader.Failed failed) {
          if (bodyPromise != null) {
            bodyPromise.tryFail(failed.cause());
          }
          if (endPromise != null) {
            endPromise.tryFail(failed.cause());
          }
          if (exceptionHandler != null) {
            exceptionHandler.handle(failed.cause());
          }
        }
      }
    } finally {
      flushing = false;
    }
  }

  /** Pieces nobody asked for yet are kept: an application may attach its handlers late. */
  private boolean listening() {
    return handler != null
        || endHandler != null
        || exceptionHandler != null
        || bodyPromise != null
        || endPromise != null;
  }

  @Override
  public synchronized HttpClientResponse handler(Handler<Buffer> handler) {
    this.handler = handler;
    flush();
    return this;
  }

  @Override
  public synchronized HttpClientResponse endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    flush();
    return this;
  }

  @Override
  public synchronized HttpClientResponse exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    flush();
    return this;
  }

  @Override
  public synchronized HttpClientResponse pause() {
    demand = 0;
    if (real != null) {
      real.pause();
    }
    return this;
  }

  @Override
  public HttpClientResponse resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public synchronized HttpClientResponse fetch(long amount) {
    demand = amount == Long.MAX_VALUE || demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
    if (real != null) {
      real.fetch(amount);
    }
    flush();
    return this;
  }

  @Override
  public synchronized Future<Buffer> body() {
    if (bodyPromise == null) {
      bodyPromise = Promise.promise();
      body = Buffer.buffer();
      flush();
    }
    return bodyPromise.future();
  }

  @Override
  public synchronized Future<Void> end() {
    if (endPromise == null) {
      endPromise = Promise.promise();
      flush();
    }
    return endPromise.future();
  }

  @Override
  public HttpClientRequest request() {
    return request;
  }

  @Override
  public NetSocket netSocket() {
    if (real == null) {
      throw new IllegalStateException("rebound: no connection behind this response");
    }
    return real.netSocket();
  }

  @Override
  public String getTrailer(String trailerName) {
    return trailers().get(trailerName);
  }

  @Override
  public MultiMap trailers() {
    return real != null ? real.trailers() : MultiMap.caseInsensitiveMultiMap();
  }

  @Override
  public HttpClientResponse customFrameHandler(Handler<HttpFrame> handler) {
    if (real != null) {
      real.customFrameHandler(handler);
    }
    return this;
  }

  @Override
  public HttpClientResponse streamPriorityHandler(Handler<StreamPriority> handler) {
    if (real != null) {
      real.streamPriorityHandler(handler);
    }
    return this;
  }

  @Override
  public HttpVersion version() {
    return real != null ? real.version() : HttpVersion.HTTP_1_1;
  }

  @Override
  public int statusCode() {
    return status;
  }

  @Override
  public String statusMessage() {
    return statusMessage;
  }

  @Override
  public MultiMap headers() {
    return headers;
  }

  @Override
  public String getHeader(String headerName) {
    return headers.get(headerName);
  }

  @Override
  public String getHeader(CharSequence headerName) {
    return headers.get(headerName);
  }

  @Override
  public List<String> cookies() {
    return headers.getAll("set-cookie");
  }
}
