package dev.rebound.agent.engine;

import dev.rebound.agent.classify.HeaderLookup;

/**
 * A managed call as every adapter describes it to the engine: nothing client-specific. Immutable;
 * {@code body} is never modified (each attempt gets its own copy when it differs).
 *
 * @param client the client family, as in {@code rebound.clients}
 * @param host the host, with the port when it is not the scheme's default
 * @param path the request path without the query string
 * @param body the request body bytes (JSON)
 * @param requestHeaders the application's request headers, for {@code x-rebound-*} and {@code
 *     x-stainless-retry-count}
 * @param query the raw query string, or null: only a fleet sharing its limits reads it, for a
 *     {@code key} parameter that names the credential (Gemini's)
 */
public record LlmCall(
    String client,
    String host,
    String path,
    byte[] body,
    HeaderLookup requestHeaders,
    String query) {

  /** A call whose query names no credential. */
  public LlmCall(
      String client, String host, String path, byte[] body, HeaderLookup requestHeaders) {
    this(client, host, path, body, requestHeaders, null);
  }
}
