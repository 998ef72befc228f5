package dev.rebound.agent.hook;

import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * A class of this build's class file version (Java 17) with the method of HttpClient 5's status
 * retry row, whose handler answers for a managed attempt: the patch's shape runs for real on it,
 * through either way of reaching the gate.
 */
public class StatusRetryFixture {
  public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
    return true;
  }
}
