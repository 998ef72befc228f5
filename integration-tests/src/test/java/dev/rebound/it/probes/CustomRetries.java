package dev.rebound.it.probes;

import java.io.IOException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.util.TimeValue;

/**
 * Retry strategies an application writes itself (not extending HttpClient's defaults): every 503
 * and 429 is retried, twice, at once. Rebound must switch them off for its own attempts.
 */
final class CustomRetries {
  private CustomRetries() {}

  /** HttpClient 5's {@code HttpRequestRetryStrategy}, classic and async. */
  static final class Apache5 implements org.apache.hc.client5.http.HttpRequestRetryStrategy {
    @Override
    public boolean retryRequest(
        HttpRequest request,
        IOException exception,
        int execCount,
        org.apache.hc.core5.http.protocol.HttpContext context) {
      return false;
    }

    @Override
    public boolean retryRequest(
        HttpResponse response,
        int execCount,
        org.apache.hc.core5.http.protocol.HttpContext context) {
      return execCount <= 2 && (response.getCode() == 503 || response.getCode() == 429);
    }

    @Override
    public TimeValue getRetryInterval(
        HttpResponse response,
        int execCount,
        org.apache.hc.core5.http.protocol.HttpContext context) {
      return TimeValue.ZERO_MILLISECONDS;
    }
  }

  /** HttpClient 4.5's {@code ServiceUnavailableRetryStrategy}. */
  static final class Apache4 implements org.apache.http.client.ServiceUnavailableRetryStrategy {
    @Override
    public boolean retryRequest(
        org.apache.http.HttpResponse response,
        int executionCount,
        org.apache.http.protocol.HttpContext context) {
      int code = response.getStatusLine().getStatusCode();
      return executionCount <= 2 && (code == 503 || code == 429);
    }

    @Override
    public long getRetryInterval() {
      return 0;
    }
  }
}
