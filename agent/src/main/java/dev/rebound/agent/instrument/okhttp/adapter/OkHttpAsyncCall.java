package dev.rebound.agent.instrument.okhttp.adapter;

import dev.rebound.agent.bootstrap.Diagnostics;
import dev.rebound.agent.engine.AsyncTransport;
import dev.rebound.agent.engine.AttemptRequest;
import dev.rebound.agent.engine.CallResult;
import dev.rebound.agent.engine.LlmCall;
import dev.rebound.agent.instrument.AgentRuntime;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A managed {@code enqueue} call that Rebound drives: each attempt is a call of its own on the
 * application's client (tagged so that nothing manages it again), waits run on Rebound's scheduler,
 * and the application's callback hears once, about the final attempt, with its own {@code Call}.
 * Thread-safe: attempts complete on OkHttp's dispatcher threads, waits end on the scheduler.
 */
final class OkHttpAsyncCall implements AsyncTransport<OkHttpExchange> {
  private final Call original;
  private final OkHttpClient client;
  private final Request request;
  private final Callback callback;
  private volatile CompletableFuture<CallResult<OkHttpExchange>> result;

  /** The last attempt's outcome, for a failure inside Rebound after it. */
  private volatile OkHttpExchange lastExchange;

  private volatile IOException lastFailure;

  OkHttpAsyncCall(Call original, OkHttpClient client, Request request, Callback callback) {
    this.original = original;
    this.client = client;
    this.request = request;
    this.callback = callback;
  }

  void start(AgentRuntime runtime, LlmCall call, Runnable onDone) {
    CompletableFuture<CallResult<OkHttpExchange>> r = runtime.engine().executeAsync(call, this);
    result = r;
    r.whenComplete(
        (done, error) -> {
          onDone.run();
          // The application hears on OkHttp's own dispatcher threads, as it would without Rebound:
          // never inside its enqueue() call, and never on Rebound's scheduler, where a slow
          // callback would hold up every other call's retries.
          try {
            client.dispatcher().executorService().execute(() -> finish(runtime, r, done, error));
          } catch (java.util.concurrent.RejectedExecutionException shutDown) {
            finish(runtime, r, done, error);
          }
        });
  }

  private void finish(
      AgentRuntime runtime,
      CompletableFuture<CallResult<OkHttpExchange>> r,
      CallResult<OkHttpExchange> done,
      Throwable error) {
    if (r.isCancelled()) {
      callback.onFailure(original, new IOException("Canceled"));
    } else if (error != null) {
      // Not an attempt's failure: something inside Rebound. The call must still end, with what the
      // last attempt really got.
      runtime.agentError();
      Diagnostics.debug("okhttp async call failed open: " + error);
      deliverLastAttempt();
    } else {
      deliver(done);
    }
  }

  /**
   * After a failure inside Rebound: the last attempt's response (without Rebound's headers) or its
   * exception; with neither, the request goes once, as the application built it.
   */
  private void deliverLastAttempt() {
    OkHttpExchange exchange = lastExchange;
    IOException failure = lastFailure;
    try {
      if (exchange != null && !exchange.discarded) {
        callback.onResponse(original, exchange.response);
      } else if (failure != null) {
        callback.onFailure(original, failure);
      } else {
        client
            .newCall(request.newBuilder().tag(AttemptTag.class, AttemptTag.INSTANCE).build())
            .enqueue(
                new Callback() {
                  @Override
                  public void onFailure(Call c, IOException e) {
                    callback.onFailure(original, e);
                  }

                  @Override
                  public void onResponse(Call c, Response response) throws IOException {
                    callback.onResponse(original, response);
                  }
                });
      }
    } catch (IOException | RuntimeException e) {
      Diagnostics.info("okhttp callback threw: " + e);
    }
  }

  void cancel() {
    CompletableFuture<CallResult<OkHttpExchange>> r = result;
    if (r != null) {
      r.cancel(true);
    }
  }

  @Override
  public CompletableFuture<OkHttpExchange> send(AttemptRequest attempt) {
    CompletableFuture<OkHttpExchange> future = new CompletableFuture<>();
    Request attemptRequest =
        OkHttpRequests.attempt(request, attempt).tag(AttemptTag.class, AttemptTag.INSTANCE).build();
    Call call = client.newCall(attemptRequest);
    future.whenComplete(
        (x, e) -> {
          if (future.isCancelled()) {
            call.cancel();
          }
        });
    call.enqueue(
        new Callback() {
          @Override
          public void onFailure(Call c, IOException e) {
            lastExchange = null;
            lastFailure = e;
            future.completeExceptionally(e);
          }

          @Override
          public void onResponse(Call c, Response response) {
            OkHttpExchange exchange = new OkHttpExchange(response);
            try {
              // Read what classification needs here, on OkHttp's thread: the engine never blocks.
              exchange.prefetch(attempt.stream());
            } catch (IOException e) {
              exchange.discard();
              future.completeExceptionally(e);
              return;
            }
            lastExchange = exchange;
            lastFailure = null;
            if (!future.complete(exchange)) {
              exchange.discard();
            }
          }
        });
    return future;
  }

  private void deliver(CallResult<OkHttpExchange> r) {
    try {
      if (r instanceof CallResult.Fail<OkHttpExchange> fail) {
        callback.onFailure(original, fail.failure());
        return;
      }
      Response response;
      try {
        response = OkHttpResponses.toResponse(r, request);
      } catch (IOException e) {
        callback.onFailure(original, e);
        return;
      }
      callback.onResponse(original, response);
    } catch (IOException | RuntimeException e) {
      // The application's callback threw; OkHttp itself would only log this.
      Diagnostics.info("okhttp callback threw: " + e);
    }
  }
}
