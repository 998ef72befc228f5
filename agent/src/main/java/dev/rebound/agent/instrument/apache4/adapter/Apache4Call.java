package dev.rebound.agent.instrument.apache4.adapter;

import dev.rebound.agent.engine.AttemptRequest;
import dev.rebound.agent.instrument.apache.ApacheHeaders;
import dev.rebound.agent.instrument.apache.ApacheHooks;
import dev.rebound.agent.instrument.apache.BlockingCall;
import dev.rebound.agent.instrument.apache.BlockingExchange;
import dev.rebound.agent.instrument.apache.BlockingExchange.Body;
import dev.rebound.agent.instrument.apache.BlockingRequest;
import dev.rebound.agent.instrument.apache.Destination;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.HttpEntityEnclosingRequest;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpEntityEnclosingRequestBase;
import org.apache.http.client.methods.HttpExecutionAware;
import org.apache.http.client.methods.HttpUriRequest;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.entity.InputStreamEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.protocol.HttpContext;

/**
 * One HttpClient 4.5 {@code doExecute} in HttpClient 4.5's types. Each attempt goes through the
 * application's client; the application's {@code abort()} on its request reaches the attempt in
 * flight. Confined to the calling thread.
 */
final class Apache4Call extends BlockingCall<HttpEntityEnclosingRequestBase> {
  private final CloseableHttpClient client;
  private final HttpHost target;
  private final HttpRequest original;

  /** The application's entity, whose type and encoding each attempt's copy of the body keeps. */
  private final HttpEntity entity;

  private HttpContext context;

  /** The hook's arguments: {@code client.doExecute(target, request, context)}. */
  Apache4Call(Object client, Object target, Object request, Object context) {
    super("apache4", ApacheHooks.APACHE4, destination(target));
    this.client = (CloseableHttpClient) client;
    this.target = (HttpHost) target;
    this.original = (HttpRequest) request;
    this.entity =
        original instanceof HttpEntityEnclosingRequest enclosing ? enclosing.getEntity() : null;
    // One context for every attempt of the call, as the application's one call would have had.
    this.context = context == null ? HttpClientContext.create() : (HttpContext) context;
  }

  /** A relative URI without a target: the route planner picks the host; not ours to judge. */
  private static Destination destination(Object target) {
    return target instanceof HttpHost host
        ? new Destination(host.getSchemeName(), host.getHostName(), host.getPort())
        : null;
  }

  @Override
  protected BlockingRequest original() {
    if (entity == null) {
      return null;
    }
    Header type = entity.getContentType();
    return new BlockingRequest(
        original.getRequestLine().getMethod(),
        ApacheHeaders.lookup(original::getFirstHeader, Header::getValue),
        type == null ? null : type.getValue(),
        () ->
            original instanceof HttpUriRequest uriRequest
                ? uriRequest.getURI()
                : new URI(original.getRequestLine().getUri()),
        entity.isRepeatable(),
        entity.getContentLength(),
        entity::writeTo);
  }

  @Override
  protected void keepBody(byte[] copy) {
    ((HttpEntityEnclosingRequest) original).setEntity(Apache4Requests.entity(copy, entity));
  }

  @Override
  protected void keepBodyOnce(byte[] copy) {
    InputStreamEntity once = new InputStreamEntity(new ByteArrayInputStream(copy), copy.length);
    once.setContentType(entity.getContentType());
    once.setContentEncoding(entity.getContentEncoding());
    ((HttpEntityEnclosingRequest) original).setEntity(once);
  }

  @Override
  protected HttpEntityEnclosingRequestBase request(AttemptRequest attempt) {
    HttpEntityEnclosingRequestBase request =
        Apache4Requests.attempt(original, managed().attemptUri(attempt.path()), entity, attempt);
    if (original instanceof HttpExecutionAware aware) {
      aware.setCancellable(
          () -> {
            request.abort();
            return true;
          });
    }
    return request;
  }

  @Override
  protected BlockingExchange execute(HttpEntityEnclosingRequestBase request) throws IOException {
    CloseableHttpResponse r = client.execute(target, request, context);
    return new BlockingExchange(
        r,
        r.getStatusLine().getStatusCode(),
        ApacheHeaders.lookup(r::getFirstHeader, Header::getValue),
        r::setHeader,
        () -> Body.of(r.getEntity(), HttpEntity::getContent, HttpEntity::getContentLength),
        (body, ended) -> r.setEntity(PrefixedEntity.of(r.getEntity(), body, ended)),
        bodyEnded -> close(r));
  }

  /**
   * A body read to its end released its connection for reuse already; otherwise 4.5 closes the
   * connection instead of draining it, and the pool gets its lease back either way.
   */
  private static void close(CloseableHttpResponse response) {
    try {
      response.close();
    } catch (IOException e) {
      // Nothing to do: the connection is gone, and with it the lease.
    }
  }

  @Override
  public boolean isCanceled() {
    return original instanceof HttpExecutionAware aware && aware.isAborted();
  }

  @Override
  protected Object synthetic(int status, byte[] body, Map<String, String> headers) {
    SyntheticResponse response = new SyntheticResponse(status, body);
    headers.forEach(response::setHeader);
    return response;
  }
}
