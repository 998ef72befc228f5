package dev.rebound.agent.instrument.apache5.adapter;

import dev.rebound.agent.classify.HeaderLookup;
import dev.rebound.agent.engine.Exchange;
import dev.rebound.agent.engine.Peek;
import dev.rebound.agent.instrument.apache4.BodyPrefix;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;

/**
 * One attempt's HttpClient 5 classic response. Peeking reads the body's first bytes and puts back an
 * entity that yields them again, so the application reads the very same bytes. A body read to its
 * end has already given its connection back to the pool. Confined to one thread at a time.
 */
final class Apache5Exchange implements Exchange {
  final CloseableHttpResponse response;
  private final HttpUriRequestBase request;
  boolean discarded;
  private Peek peek;
  private boolean ended;

  Apache5Exchange(CloseableHttpResponse response, HttpUriRequestBase request) {
    this.response = response;
    this.request = request;
  }

  @Override
  public int status() {
    return response.getCode();
  }

  @Override
  public HeaderLookup headers() {
    return name -> {
      Header h = response.getFirstHeader(name);
      return h == null ? null : h.getValue();
    };
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
    HttpEntity entity = response.getEntity();
    InputStream in = entity == null ? null : entity.getContent();
    if (in == null) {
      ended = true;
      return Peek.EMPTY;
    }
    BodyPrefix prefix = stream ? BodyPrefix.readEvents(in) : BodyPrefix.read(in, PEEK_LIMIT);
    ended = prefix.ended();
    long length = prefix.ended() ? prefix.length() : entity.getContentLength();
    response.setEntity(new PrefixedEntity(entity, prefix.followedBy(in), prefix.ended(), length));
    return prefix.peek();
  }

  @Override
  public void discard() {
    discarded = true;
    if (!ended) {
      // Closing an unread body would drain it (a stream may go on for minutes): drop the
      // connection instead. Its lease goes back to the pool either way.
      request.cancel();
    }
    response.close(org.apache.hc.core5.io.CloseMode.IMMEDIATE);
  }
}
