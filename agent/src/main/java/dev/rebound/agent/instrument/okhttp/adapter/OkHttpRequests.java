package dev.rebound.agent.instrument.okhttp.adapter;

import dev.rebound.agent.engine.AttemptRequest;
import dev.rebound.agent.engine.CallHeaders;
import okhttp3.Headers;
import okhttp3.Request;
import okhttp3.RequestBody;

/** Builds each attempt's request from the application's: Rebound's headers out, its body in. */
final class OkHttpRequests {
  private OkHttpRequests() {}

  /**
   * Whether the application's request can be sent as an attempt as it is: its body may be written
   * again (not one-shot, not duplex) and it carries none of Rebound's headers.
   */
  static boolean sendableAsIs(Request original) {
    RequestBody body = original.body();
    return body != null
        && !body.isOneShot()
        && !body.isDuplex()
        && !anyReboundHeader(original.headers());
  }

  /** By index: {@code Headers.names()} builds a sorted set on every call. */
  private static boolean anyReboundHeader(Headers headers) {
    for (int i = 0, n = headers.size(); i < n; i++) {
      if (CallHeaders.isReboundHeader(headers.name(i))) {
        return true;
      }
    }
    return false;
  }

  static Request.Builder attempt(Request original, AttemptRequest attempt) {
    Request.Builder b = original.newBuilder();
    for (String name : original.headers().names()) {
      if (CallHeaders.isReboundHeader(name)) {
        b.removeHeader(name);
      }
    }
    b.method(
        original.method(), new BytesRequestBody(original.body().contentType(), attempt.body()));
    if (!attempt.path().equals(original.url().encodedPath())) {
      b.url(original.url().newBuilder().encodedPath(attempt.path()).build());
    }
    return b;
  }
}
