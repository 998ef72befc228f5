package dev.rebound.agent.engine;

/**
 * An attempt's response whose peek its adapter read before handing the attempt to the engine, as
 * the non-blocking clients' adapters do (the engine never waits for bytes there). The body itself
 * stays with the adapter, which replays it to the application or drops it.
 */
public abstract class ReadAheadExchange implements Exchange {
  private final Peek peek;

  /**
   * @param peek what a {@link PeekBuffer} gave, already the stream's verdict for a 2xx stream
   */
  protected ReadAheadExchange(Peek peek) {
    this.peek = peek;
  }

  @Override
  public final Peek peekBody() {
    return peek;
  }

  @Override
  public final Peek peekStream() {
    return peek;
  }
}
