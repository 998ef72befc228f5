package dev.rebound.agent.engine;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.rebound.agent.classify.HeaderLookup;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A server scripted response by response; remembers every request and every exchange it made. */
final class FakeTransport implements Transport<FakeTransport.FakeExchange> {
  private final FakeClock clock;
  private final Deque<Object> script = new ArrayDeque<>();
  final List<AttemptRequest> sent = new ArrayList<>();
  final List<FakeExchange> exchanges = new ArrayList<>();

  /** Cancelled once this many requests were sent; -1: never. */
  int cancelAfterSends = -1;

  long attemptMillis = 100;

  FakeTransport(FakeClock clock) {
    this.clock = clock;
  }

  FakeTransport respond(int status, String body, String... headerPairs) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i < headerPairs.length; i += 2) {
      headers.put(headerPairs[i].toLowerCase(Locale.ROOT), headerPairs[i + 1]);
    }
    script.add(new FakeExchange(status, headers, body.getBytes(UTF_8)));
    return this;
  }

  /**
   * A response that the client library received after following up {@code priorStatuses} itself.
   */
  FakeTransport respondAfterOwnRetries(int status, String body, int... priorStatuses) {
    FakeExchange exchange = new FakeExchange(status, Map.of(), body.getBytes(UTF_8));
    for (int prior : priorStatuses) {
      exchange.priors.add(new PriorResponse(prior, name -> null, 5));
    }
    script.add(exchange);
    return this;
  }

  FakeTransport fail(IOException e) {
    script.add(e);
    return this;
  }

  @Override
  public FakeExchange send(AttemptRequest request) throws IOException {
    sent.add(request);
    clock.advanceMillis(attemptMillis);
    Object next = script.isEmpty() ? new IOException("script exhausted") : script.poll();
    if (next instanceof IOException e) {
      throw e;
    }
    FakeExchange exchange = (FakeExchange) next;
    exchanges.add(exchange);
    return exchange;
  }

  @Override
  public boolean isCanceled() {
    return cancelAfterSends >= 0 && sent.size() >= cancelAfterSends;
  }

  /** The same script, answered as a non-blocking client would. */
  CompletableFuture<FakeExchange> sendAsync(AttemptRequest request) {
    try {
      return CompletableFuture.completedFuture(send(request));
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  String sentBody(int index) {
    return new String(sent.get(index).body(), UTF_8);
  }

  /** A scripted response; counts how often it was discarded. */
  static class FakeExchange implements Exchange {
    final int status;
    final Map<String, String> headers;
    final byte[] body;
    final List<PriorResponse> priors = new ArrayList<>();
    int discarded;
    boolean released;

    FakeExchange(int status, Map<String, String> headers, byte[] body) {
      this.status = status;
      this.headers = headers;
      this.body = body;
    }

    @Override
    public int status() {
      return status;
    }

    @Override
    public HeaderLookup headers() {
      return name -> headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public Peek peekBody() {
      return Peek.body(body, Math.min(body.length, PEEK_LIMIT));
    }

    @Override
    public Peek peekStream() {
      StreamGate.Result r = StreamGate.scan(body, body.length, true);
      return r.state() == StreamGate.State.ERROR
          ? new Peek(r.payload(), r.payload().length, true)
          : Peek.EMPTY;
    }

    @Override
    public List<PriorResponse> priorResponses() {
      return priors;
    }

    @Override
    public boolean bodyReleased() {
      return released;
    }

    @Override
    public void discard() {
      discarded++;
    }

    String text() {
      return new String(body, UTF_8);
    }
  }
}
