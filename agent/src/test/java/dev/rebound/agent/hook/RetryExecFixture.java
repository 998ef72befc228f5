package dev.rebound.agent.hook;

import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;

/**
 * A class of this build's class file version (Java 17) with the method of HttpClient 5's retry exec
 * row, whose handler passes one of Rebound's attempts straight down the chain: the patch's shape
 * runs for real on it, through either way of reaching the gate. Its own body answers 599.
 */
public class RetryExecFixture {
  public ClassicHttpResponse execute(
      ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain) {
    return new BasicClassicHttpResponse(599);
  }
}
