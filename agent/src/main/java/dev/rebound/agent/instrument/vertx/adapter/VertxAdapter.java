package dev.rebound.agent.instrument.vertx.adapter;

import dev.rebound.agent.instrument.AgentRuntime;
import dev.rebound.agent.instrument.WeakIdentityMap;
import dev.rebound.agent.instrument.vertx.VertxEntry;
import dev.rebound.agent.instrument.vertx.VertxHooks;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.StreamResetException;
import java.lang.reflect.Method;

/**
 * The Vert.x adapter's entry point, one per application class loader that holds Vert.x core: it
 * watches the requests made to LLM hosts (a weak map read without a lock; an entry holds its
 * request only until its call is over, so a request the application drops is forgotten) and hands
 * each hook to its {@link WatchedRequest}. Requests to other hosts pay the host check when made,
 * then one lookup of that map per write and response (one volatile read before any LLM request was
 * made). Thread-safe.
 */
public final class VertxAdapter implements VertxEntry {
  private static final byte[] NONE = new byte[0];

  private final WeakIdentityMap<Watched> watched = new WeakIdentityMap<>();
  private final VertxInternals internals = new VertxInternals();

  /**
   * Vert.x 4.5, whose public {@code request} reaches the hooked {@code doRequest}: an unmanaged
   * request is counted there, once, whichever overload made it.
   */
  private final boolean countedInDoRequest = hasClass("io.vertx.core.impl.future.PromiseInternal");

  /**
   * Whether the request writes its body through one of the hooked methods (4.5 to 5.2): another
   * line's requests are not watched at all, their calls go out as the application made them.
   */
  private final boolean writesHooked = writesThroughHook();

  /**
   * Up to 5.0, every reset and timeout of a request ends in its private {@code reset(Throwable)},
   * which the other reset hooks then reach too.
   */
  private final boolean resetsThroughCause = resetsThroughCause();

  private volatile boolean any;

  @Override
  public Object request(Object client, Object options) {
    AgentRuntime runtime = AgentRuntime.current();
    RequestOptions given = (RequestOptions) options;
    Target target = writesHooked ? Target.ofLlmPost(client, given, runtime) : null;
    if (target == null) {
      if (!countedInDoRequest) {
        runtime.passthrough();
      }
      return null;
    }
    RequestOptions copy = new RequestOptions(given);
    Future<HttpClientRequest> made = own((HttpClient) client, given);
    // Before the application's own listeners: it may write as soon as it has the request.
    made.onSuccess(request -> watch(request, (HttpClient) client, copy, target, runtime));
    return made;
  }

  @Override
  @SuppressWarnings("unchecked")
  public boolean doRequest(Object client, Object options, Object promise) {
    AgentRuntime runtime = AgentRuntime.current();
    RequestOptions given = (RequestOptions) options;
    Target target = writesHooked ? Target.ofLlmPost(client, given, runtime) : null;
    if (target == null) {
      runtime.passthrough();
      return false;
    }
    RequestOptions copy = new RequestOptions(given);
    Promise<HttpClientRequest> app = (Promise<HttpClientRequest>) promise;
    own((HttpClient) client, given)
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                watch(ar.result(), (HttpClient) client, copy, target, runtime);
                app.tryComplete(ar.result());
              } else {
                app.tryFail(ar.cause());
              }
            });
    return true;
  }

  @Override
  public Object write(
      Object request, Object buffer, boolean end, Object completion, boolean returnsFuture) {
    Watched w = find(request);
    return w == null ? null : w.write(bytesOf(buffer), end, completion, returnsFuture);
  }

  /** A written chunk's bytes (a Netty buffer up to 5.0, a Vert.x one from 5.1); none for null. */
  private static byte[] bytesOf(Object buffer) {
    if (buffer instanceof ByteBuf b) {
      return ByteBufUtil.getBytes(b);
    }
    return buffer == null ? NONE : ((Buffer) buffer).getBytes();
  }

  @Override
  public boolean response(Object request, Object response) {
    Watched w = find(request);
    return w != null && w.response((HttpClientResponse) response);
  }

  @Override
  public boolean fail(Object request, Throwable cause) {
    Watched w = find(request);
    return w != null && w.fail(cause);
  }

  @Override
  public void reset(Object request, Throwable cause) {
    Watched w = find(request);
    if (w != null) {
      w.reset(cause);
    }
  }

  @Override
  public void reset(Object request, long code, Throwable cause) {
    if (!resetsThroughCause) {
      reset(request, new StreamResetException(code, cause));
    }
  }

  private Watched find(Object request) {
    return any ? watched.get(request) : null;
  }

  @SuppressWarnings("unchecked")
  private void watch(
      HttpClientRequest request,
      HttpClient client,
      RequestOptions options,
      Target target,
      AgentRuntime runtime) {
    Future<HttpClientResponse> response = request.response();
    if (!(response instanceof Promise)) {
      return;
    }
    Context context = internals.contextOf(response);
    if (context == null) {
      context = Vertx.currentContext();
    }
    if (context == null) {
      return;
    }
    watched.put(
        request,
        new WatchedRequest(
            request,
            client,
            options,
            target,
            (Promise<HttpClientResponse>) response,
            context,
            runtime,
            internals,
            watched));
    any = true;
  }

  private static boolean writesThroughHook() {
    try {
      for (Method m :
          Class.forName("io.vertx.core.http.impl.HttpClientRequestImpl", false, loader())
              .getDeclaredMethods()) {
        Class<?>[] p = m.getParameterTypes();
        if (m.getName().equals("write")
            && (p.length == 2 || p.length == 3)
            && (p[0].getName().equals("io.netty.buffer.ByteBuf") || p[0] == Buffer.class)
            && p[1] == boolean.class) {
          return true;
        }
      }
      return false;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static boolean resetsThroughCause() {
    try {
      Class.forName("io.vertx.core.http.impl.HttpClientRequestBase", false, loader())
          .getDeclaredMethod("reset", Throwable.class);
      return true;
    } catch (ReflectiveOperationException | LinkageError e) {
      return false;
    }
  }

  private static ClassLoader loader() {
    return Future.class.getClassLoader();
  }

  private static boolean hasClass(String name) {
    try {
      Class.forName(name, false, loader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The client's own {@code request}, past Rebound's hook. */
  private static Future<HttpClientRequest> own(HttpClient client, RequestOptions options) {
    VertxHooks.ownCall();
    try {
      return client.request(options);
    } finally {
      VertxHooks.ownCallDone();
    }
  }
}
