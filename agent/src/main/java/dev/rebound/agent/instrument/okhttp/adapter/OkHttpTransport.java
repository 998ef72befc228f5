package dev.rebound.agent.instrument.okhttp.adapter;

import dev.rebound.agent.engine.AttemptRequest;
import dev.rebound.agent.engine.Transport;
import java.io.IOException;
import okhttp3.Call;
import okhttp3.Interceptor;
import okhttp3.Request;

/**
 * Sends a blocking call's attempts down the interceptor chain: each passes OkHttp's redirects,
 * bridge (gzip), cache, connection and network interceptors as a request of its own. Confined to
 * the calling thread.
 */
final class OkHttpTransport implements Transport<OkHttpExchange> {
  private final Interceptor.Chain chain;
  private final Request original;

  /** The call's body when the application's request can go as it is, or null. */
  byte[] sameBody;

  int sent;
  OkHttpExchange last;

  OkHttpTransport(Interceptor.Chain chain, Request original) {
    this.chain = chain;
    this.original = original;
  }

  @Override
  public OkHttpExchange send(AttemptRequest attempt) throws IOException {
    sent++;
    last = null;
    Request request =
        attempt.sendsUnchanged(sameBody, original.url().encodedPath())
            ? original
            : OkHttpRequests.attempt(original, attempt).build();
    last = new OkHttpExchange(chain.proceed(request));
    return last;
  }

  @Override
  public boolean isCanceled() {
    Call call = chain.call();
    return call != null && call.isCanceled();
  }
}
