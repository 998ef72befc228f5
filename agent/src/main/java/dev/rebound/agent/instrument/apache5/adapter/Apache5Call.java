package dev.rebound.agent.instrument.apache5.adapter;

import dev.rebound.agent.engine.AttemptRequest;
import dev.rebound.agent.instrument.apache.ApacheHooks;
import dev.rebound.agent.instrument.apache.BlockingCall;
import dev.rebound.agent.instrument.apache.BlockingExchange;
import dev.rebound.agent.instrument.apache.BlockingRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.CancellableDependency;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * One HttpClient 5 classic {@code doExecute} in HttpClient 5's types. Each attempt goes through the
 * application's client; the application's {@code cancel()} on its request reaches the attempt in
 * flight. Confined to the calling thread.
 */
final class Apache5Call extends BlockingCall<HttpUriRequestBase> {
  private final CloseableHttpClient client;
  private final HttpHost target;
  private final ClassicHttpRequest original;

  /** The application's entity, whose type and encoding each attempt's copy of the body keeps. */
  private final HttpEntity entity;

  private HttpContext context;

  /** The hook's arguments: {@code client.doExecute(target, request, context)}. */
  Apache5Call(Object client, Object target, Object request, Object context) {
    super(
        "apache5",
        ApacheHooks.APACHE5,
        Apache5Requests.destination((HttpHost) target, (ClassicHttpRequest) request));
    this.client = (CloseableHttpClient) client;
    this.target = (HttpHost) target;
    this.original = (ClassicHttpRequest) request;
    this.entity = original.getEntity();
    // One context for every attempt of the call, as the application's one call would have had.
    this.context = context == null ? HttpClientContext.create() : (HttpContext) context;
  }

  @Override
  protected BlockingRequest original() {
    if (entity == null) {
      return null;
    }
    Apache5Request request = new Apache5Request(original, entity);
    return new BlockingRequest(
        original.getMethod(),
        request,
        entity.getContentType(),
        request,
        entity.isRepeatable(),
        entity.getContentLength(),
        request);
  }

  @Override
  protected void keepBody(byte[] copy) {
    original.setEntity(
        new AttemptEntity(copy, entity.getContentType(), entity.getContentEncoding()));
  }

  @Override
  protected void keepBodyOnce(byte[] copy) {
    original.setEntity(
        new InputStreamEntity(
            new ByteArrayInputStream(copy),
            copy.length,
            entity.getContentType() == null ? null : ContentType.parse(entity.getContentType()),
            entity.getContentEncoding()));
  }

  @Override
  protected HttpUriRequestBase request(AttemptRequest attempt) {
    URI uri = managed().attemptUri(attempt.path());
    HttpUriRequestBase request = Apache5Requests.attempt(original, uri, entity, attempt);
    if (original instanceof CancellableDependency dependency) {
      dependency.setDependency(request);
    }
    return request;
  }

  @Override
  // execute(HttpHost, request, context): the one form every 5.x has
  @SuppressWarnings("deprecation")
  protected BlockingExchange execute(HttpUriRequestBase request) throws IOException {
    CloseableHttpResponse r = client.execute(target, request, context);
    Apache5Response response = new Apache5Response(r, request);
    return new BlockingExchange(r, r.getCode(), response, response, response, response, response);
  }

  @Override
  public boolean isCanceled() {
    return original instanceof CancellableDependency dependency && dependency.isCancelled();
  }

  @Override
  protected Object synthetic(int status, byte[] body, Map<String, String> headers) {
    ClassicHttpResponse response = new BasicClassicHttpResponse(status, "Service Unavailable");
    response.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
    headers.forEach(response::setHeader);
    return CloseableHttpResponse.adapt(response);
  }
}
