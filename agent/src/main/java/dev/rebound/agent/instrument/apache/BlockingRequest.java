package dev.rebound.agent.instrument.apache;

import dev.rebound.agent.classify.HeaderLookup;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * What the rules of a managed call (SPEC §2) read of a blocking Apache request with an entity,
 * whichever library it comes from. Read lazily where it costs: the URI, the body. Immutable.
 *
 * @param headers the request's headers
 * @param entityType the entity's content type, or null: the request's {@code Content-Type} then
 * @param uri the request's URI
 * @param repeatable whether the entity can be written more than once
 * @param length the entity's length, -1 when unknown
 * @param body writes the entity (writeTo, not getContent: some entities, Spring's, only write)
 */
public record BlockingRequest(
    String method,
    HeaderLookup headers,
    String entityType,
    UriSource uri,
    boolean repeatable,
    long length,
    BodyWriter body) {

  /** The content type the rules judge: the entity's, else the request's header. */
  public String contentType() {
    return entityType != null ? entityType : headers.get("Content-Type");
  }

  /** The request's URI, or null when it cannot be parsed. */
  public URI parsedUri() {
    try {
      return uri.get();
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** How the library gives a request's URI. */
  @FunctionalInterface
  public interface UriSource {
    URI get() throws URISyntaxException;
  }

  /** An entity's {@code writeTo}. */
  @FunctionalInterface
  public interface BodyWriter {
    void writeTo(OutputStream out) throws IOException;
  }
}
