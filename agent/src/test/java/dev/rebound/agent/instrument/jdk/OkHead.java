package dev.rebound.agent.instrument.jdk;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.Map;

/** A response head as the JDK hands it to a body handler: 200, no headers, HTTP/1.1. */
final class OkHead implements HttpResponse.ResponseInfo {
  @Override
  public int statusCode() {
    return 200;
  }

  @Override
  public HttpHeaders headers() {
    return HttpHeaders.of(Map.of(), (name, value) -> true);
  }

  @Override
  public HttpClient.Version version() {
    return HttpClient.Version.HTTP_1_1;
  }
}
