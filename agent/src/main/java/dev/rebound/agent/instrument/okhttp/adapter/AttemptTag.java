package dev.rebound.agent.instrument.okhttp.adapter;

/**
 * Marks a request that Rebound itself sends as one attempt of an asynchronous call, so that the
 * interceptor and the enqueue hook let it through instead of managing it again.
 */
final class AttemptTag {
  static final AttemptTag INSTANCE = new AttemptTag();

  private AttemptTag() {}
}
