package dev.rebound.agent.instrument.apache5.adapter;

import dev.rebound.agent.classify.HeaderLookup;
import dev.rebound.agent.instrument.apache.BlockingRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.MessageHeaders;

/**
 * The application's HttpClient 5 request as the shared core reads it: its headers, URI and entity.
 * One class, not a lambda per function: each lambda is spun into a class on the first managed call.
 * Immutable.
 */
final class Apache5Request
    implements HeaderLookup, BlockingRequest.UriSource, BlockingRequest.BodyWriter {
  private final ClassicHttpRequest request;
  private final HttpEntity entity;

  Apache5Request(ClassicHttpRequest request, HttpEntity entity) {
    this.request = request;
    this.entity = entity;
  }

  @Override
  public String get(String name) {
    return firstValue(request, name);
  }

  /** A message's first value of the header {@code name}, or null: the classifier's view. */
  static String firstValue(MessageHeaders message, String name) {
    Header h = message.getFirstHeader(name);
    return h == null ? null : h.getValue();
  }

  @Override
  public URI get() throws URISyntaxException {
    return request.getUri();
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    entity.writeTo(out);
  }
}
