package dev.rebound.agent.instrument.okhttp.adapter;

import dev.rebound.agent.classify.HeaderLookup;
import okhttp3.Headers;

/**
 * A request's or response's headers as the engine reads them. A class, not a method reference: each
 * lambda is spun into a class of its own when first run, on the first managed call. Immutable.
 */
final class HeadersLookup implements HeaderLookup {
  private final Headers headers;

  HeadersLookup(Headers headers) {
    this.headers = headers;
  }

  @Override
  public String get(String name) {
    return headers.get(name);
  }
}
