package dev.rebound.agent.instrument.apache;

import dev.rebound.agent.classify.HeaderLookup;
import dev.rebound.agent.engine.CallResult;
import dev.rebound.agent.engine.Exchange;
import dev.rebound.agent.engine.Peek;
import dev.rebound.agent.engine.StreamTail;
import dev.rebound.agent.instrument.AgentRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.BiConsumer;
import java.util.function.ToLongFunction;

/**
 * One attempt's response from a blocking Apache client. Peeking reads the body's first bytes and
 * puts back a body that yields them again, so the application reads the very same bytes; a body
 * read to its end has already given its connection back to the pool. The library's response is
 * reached through the functions each adapter gives. Confined to one thread at a time.
 */
public final class BlockingExchange implements Exchange {
  private final Object response;
  private final int status;
  private final HeaderLookup headers;
  private final BiConsumer<String, String> setHeader;
  private final BodyReader body;
  private final BodyReplacer replaceBody;
  private final Closer close;
  private Peek peek;
  private boolean ended;
  private boolean discarded;

  /** A response body as it stands: its stream and the length it declares (-1 when unknown). */
  public record Body(InputStream content, long length) {
    /**
     * The body of a library's {@code entity}, or null when there is none.
     *
     * @param content the entity's {@code getContent}
     * @param length the entity's {@code getContentLength}
     */
    public static <E> Body of(E entity, Content<E> content, ToLongFunction<E> length)
        throws IOException {
      return entity == null ? null : new Body(content.of(entity), length.applyAsLong(entity));
    }

    /** An entity's {@code getContent}. */
    @FunctionalInterface
    public interface Content<E> {
      InputStream of(E entity) throws IOException;
    }
  }

  /** Reads the response's body as it stands, or null when it has none. */
  @FunctionalInterface
  public interface BodyReader {
    Body read() throws IOException;
  }

  /**
   * Puts {@code body} in place of the response's body, keeping its type and encoding; {@code ended}
   * when the whole body is in its content (the connection is released already).
   */
  @FunctionalInterface
  public interface BodyReplacer {
    void replace(Body body, boolean ended);
  }

  /**
   * Closes the response so its connection lease goes back to the pool; {@code bodyEnded} when the
   * body was read to its end (its connection is released already). Never throws.
   */
  @FunctionalInterface
  public interface Closer {
    void close(boolean bodyEnded);
  }

  /**
   * @param response the library's response, as the application gets it
   * @param setHeader the response's {@code setHeader}
   */
  public BlockingExchange(
      Object response,
      int status,
      HeaderLookup headers,
      BiConsumer<String, String> setHeader,
      BodyReader body,
      BodyReplacer replaceBody,
      Closer close) {
    this.response = response;
    this.status = status;
    this.headers = headers;
    this.setHeader = setHeader;
    this.body = body;
    this.replaceBody = replaceBody;
    this.close = close;
  }

  @Override
  public int status() {
    return status;
  }

  @Override
  public HeaderLookup headers() {
    return headers;
  }

  @Override
  public Peek peekBody() throws IOException {
    if (peek == null) {
      peek = readPrefix(false);
    }
    return peek;
  }

  @Override
  public Peek peekStream() throws IOException {
    if (peek == null) {
      peek = readPrefix(true);
    }
    return peek;
  }

  private Peek readPrefix(boolean stream) throws IOException {
    Body b = body.read();
    if (b == null || b.content() == null) {
      ended = true;
      return Peek.EMPTY;
    }
    InputStream in = b.content();
    BodyPrefix prefix =
        stream ? BodyPrefix.readEvents(in) : BodyPrefix.read(in, PEEK_LIMIT, b.length());
    ended = prefix.ended();
    long length = prefix.ended() ? prefix.length() : b.length();
    replaceBody.replace(new Body(prefix.followedBy(in), length), prefix.ended());
    return prefix.peek();
  }

  @Override
  public void discard() {
    discarded = true;
    close.close(ended);
  }

  /** True once the engine dropped this attempt: its response is closed. */
  boolean discarded() {
    return discarded;
  }

  /** The library's response, as it stands. */
  Object response() {
    return response;
  }

  /**
   * The response the application gets for the attempt the engine chose: Rebound's headers added,
   * and a released stream watched for a late error until it ends.
   */
  Object deliver(CallResult.Deliver<?> deliver) throws IOException {
    deliver.headers().forEach(setHeader);
    if (deliver.completion().isPending()) {
      Body b = body.read();
      if (b == null) {
        deliver.streamEnded(null);
      } else {
        StreamTail tail =
            AgentRuntime.current().engine().streamTail(deliver.headers().get("x-rebound-model"));
        replaceBody.replace(
            new Body(new WatchedStream(b.content(), tail, deliver), b.length()), false);
      }
    }
    return response;
  }
}
