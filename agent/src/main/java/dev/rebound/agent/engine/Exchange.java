package dev.rebound.agent.engine;

import dev.rebound.agent.classify.HeaderLookup;
import java.io.IOException;
import java.util.List;

/**
 * One attempt's response as an adapter holds it. The engine reads status, headers and a peek, then
 * either delivers it to the application or discards it.
 */
public interface Exchange {
  /** Most bytes of a body the engine ever reads (SPEC §3: the first 64 KiB). */
  int PEEK_LIMIT = 64 * 1024;

  int status();

  HeaderLookup headers();

  /**
   * The first {@link #PEEK_LIMIT} bytes of the body at most, still readable by the application
   * afterwards. Sync adapters may block, bounded by the client's read timeout; async adapters have
   * the bytes already.
   */
  Peek peekBody() throws IOException;

  /**
   * For a 2xx stream: holds the stream back until its first significant event ({@link StreamGate}).
   * Returns the event's payload with {@code streamError} set when it is an error, otherwise an
   * empty peek: the stream may be released.
   */
  Peek peekStream() throws IOException;

  /**
   * True when body bytes of this response already reached the application (a stream the adapter had
   * to release): the engine then never retries the call.
   */
  default boolean bodyReleased() {
    return false;
  }

  /**
   * The responses the client library followed up by itself before this one, within the same
   * attempt, oldest first: each is a request the server received, and is recorded as an attempt.
   */
  default List<PriorResponse> priorResponses() {
    return List.of();
  }

  /** Closes the response so its connection goes back to the pool. Never throws. */
  void discard();
}
