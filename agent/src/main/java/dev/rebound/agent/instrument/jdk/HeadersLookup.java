package dev.rebound.agent.instrument.jdk;

import dev.rebound.agent.classify.HeaderLookup;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * A request's or response's headers as the engine reads them. A class, not a lambda: each lambda is
 * spun into a class of its own when first run, on the first managed call. Immutable.
 */
final class HeadersLookup implements HeaderLookup {
  /** The filter of {@link HttpHeaders#of} that keeps every header. */
  static final BiPredicate<String, String> ALL = new All();

  private final HttpHeaders headers;

  HeadersLookup(HttpHeaders headers) {
    this.headers = headers;
  }

  @Override
  public String get(String name) {
    return first(headers, name);
  }

  /**
   * The first value of a header, or null: {@link HttpHeaders#firstValue} without its stream and
   * optional, through the case-insensitive map it reads too.
   */
  static String first(HttpHeaders headers, String name) {
    List<String> values = headers.map().get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static final class All implements BiPredicate<String, String> {
    @Override
    public boolean test(String name, String value) {
      return true;
    }
  }
}
