package dev.rebound.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The JDK's {@code java.net.http.HttpClient}, blocking {@code send}, HTTP/1.1 (plain-text
 * loopback).
 */
final class JdkProbeClient implements ProbeClient {
  // HTTP/1.1 explicitly: the default (HTTP/2) would try an h2c upgrade on every new plain-text
  // connection.
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI uri;

  public JdkProbeClient(String url) {
    this.uri = URI.create(url);
  }

  @Override
  public int post(String json) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
  }

  @Override
  public void close() {}
}
