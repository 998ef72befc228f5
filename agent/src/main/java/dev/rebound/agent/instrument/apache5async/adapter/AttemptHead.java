package dev.rebound.agent.instrument.apache5async.adapter;

import org.apache.hc.client5.http.async.methods.ConfigurableHttpRequest;
import org.apache.hc.core5.net.URIAuthority;

/**
 * The request head of one of Rebound's attempts. Its type is the mark: the client's own retry exec
 * finds it as the exchange's original request and passes the attempt straight on (SPEC §2), so
 * nothing of Rebound's is written into the application's {@code HttpContext}, which another thread
 * may share.
 */
final class AttemptHead extends ConfigurableHttpRequest {
  private static final long serialVersionUID = 1L;

  AttemptHead(String method, String scheme, URIAuthority authority, String path) {
    super(method, scheme, authority, path);
  }
}
