package dev.rebound.agent.instrument.apache;

import dev.rebound.agent.classify.HeaderLookup;
import dev.rebound.agent.engine.CallHeaders;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Header handling every Apache adapter needs, over whichever {@code Header} type its library has.
 * Stateless.
 */
public final class ApacheHeaders {
  private ApacheHeaders() {}

  /**
   * The classifier's view of a message's headers.
   *
   * @param first the message's {@code getFirstHeader}
   * @param value the header type's {@code getValue}
   */
  public static <H> HeaderLookup lookup(Function<String, H> first, Function<H, String> value) {
    return name -> {
      H h = first.apply(name);
      return h == null ? null : value.apply(h);
    };
  }

  /** Adds to an attempt every header of the application's request but Rebound's own. */
  public static <H> void copyAllButRebound(H[] headers, Function<H, String> name, Consumer<H> add) {
    for (H h : headers) {
      if (!CallHeaders.isReboundHeader(name.apply(h))) {
        add.accept(h);
      }
    }
  }
}
