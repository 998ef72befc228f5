package dev.rebound.agent.engine;

import dev.rebound.agent.classify.HeaderLookup;

/**
 * A response the client library received and followed up by itself within one of Rebound's attempts
 * (OkHttp repeats a 503 that says {@code Retry-After: 0}, answers an authentication challenge,
 * follows a redirect): a request the server got, so an attempt of the call. Only its status and
 * headers are left; the library has closed its body. Immutable.
 *
 * @param millis from its request to its response
 */
public record PriorResponse(int status, HeaderLookup headers, double millis) {}
