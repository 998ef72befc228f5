package dev.rebound.agent.instrument.jdk;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * The response the application gets: the final attempt's status, headers (plus Rebound's), body
 * value, URI, version and TLS session, and the application's own request. Compiled for 17, so on 25
 * {@code connectionLabel()} is the interface's default (empty). Immutable.
 */
final class JdkResponse<T> implements HttpResponse<T> {
  private final int statusCode;
  private final HttpHeaders headers;
  private final T body;
  private final HttpRequest request;
  private final URI uri;
  private final HttpClient.Version version;
  private final Optional<SSLSession> sslSession;
  private final Optional<HttpResponse<T>> previous;

  JdkResponse(
      int statusCode,
      HttpHeaders headers,
      T body,
      HttpRequest request,
      URI uri,
      HttpClient.Version version,
      Optional<SSLSession> sslSession,
      Optional<HttpResponse<T>> previous) {
    this.statusCode = statusCode;
    this.headers = headers;
    this.body = body;
    this.request = request;
    this.uri = uri;
    this.version = version;
    this.sslSession = sslSession;
    this.previous = previous;
  }

  @Override
  public int statusCode() {
    return statusCode;
  }

  @Override
  public HttpRequest request() {
    return request;
  }

  @Override
  public Optional<HttpResponse<T>> previousResponse() {
    return previous;
  }

  @Override
  public HttpHeaders headers() {
    return headers;
  }

  @Override
  public T body() {
    return body;
  }

  @Override
  public Optional<SSLSession> sslSession() {
    return sslSession;
  }

  @Override
  public URI uri() {
    return uri;
  }

  @Override
  public HttpClient.Version version() {
    return version;
  }

  @Override
  public String toString() {
    return "(" + request.method() + " " + uri + ") " + statusCode;
  }
}
