package dev.rebound.agent.instrument.apache4.adapter;

import dev.rebound.agent.classify.HeaderLookup;
import dev.rebound.agent.engine.Exchange;
import dev.rebound.agent.engine.Peek;
import dev.rebound.agent.instrument.apache4.BodyPrefix;
import java.io.IOException;
import java.io.InputStream;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.client.methods.CloseableHttpResponse;

/**
 * One attempt's HttpClient 4.5 response. Peeking reads the body's first bytes and puts back an
 * entity that yields them again, so the application reads the very same bytes. A body read to its
 * end has already given its connection back to the pool. Confined to one thread at a time.
 */
final class Apache4Exchange implements Exchange {
  final CloseableHttpResponse response;
  boolean discarded;
  private Peek peek;

  Apache4Exchange(CloseableHttpResponse response) {
    this.response = response;
  }

  @Override
  public int status() {
    return response.getStatusLine().getStatusCode();
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
    if (entity == null) {
      return Peek.EMPTY;
    }
    InputStream in = entity.getContent();
    if (in == null) {
      return Peek.EMPTY;
    }
    BodyPrefix prefix = stream ? BodyPrefix.readEvents(in) : BodyPrefix.read(in, PEEK_LIMIT);
    long length = prefix.ended() ? prefix.length() : entity.getContentLength();
    response.setEntity(new PrefixedEntity(entity, prefix.followedBy(in), prefix.ended(), length));
    return prefix.peek();
  }

  @Override
  public void discard() {
    discarded = true;
    try {
      // A body read to its end released its connection for reuse already; otherwise 4.5 closes
      // the connection instead of draining it, and the pool gets its lease back either way.
      response.close();
    } catch (IOException e) {
      // Nothing to do: the connection is gone, and with it the lease.
    }
  }
}
