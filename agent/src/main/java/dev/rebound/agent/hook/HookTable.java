package dev.rebound.agent.hook;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Every hook Rebound has, one row each. A new client family is a few rows here, an adapter that
 * translates, and a line in the shared integration scenario suite. Descriptors are exact: a client
 * version that changes one is left unpatched, with one {@code rebound: } line, rather than patched
 * wrongly.
 */
public final class HookTable {
  // The two shapes of HookRow#onEntry. Booleans, not an enum: one class less to load in premain.
  private static final boolean AROUND = false;
  private static final boolean ON_ENTRY = true;

  private static final String OKHTTP = "dev.rebound.agent.instrument.okhttp.OkHttpBridge$";
  private static final String JDK = "dev.rebound.agent.instrument.jdk.JdkHttpClientAdapter$";
  private static final String APACHE = "dev.rebound.agent.instrument.apache.ApacheHooks$";
  private static final String REACTOR =
      "dev.rebound.agent.instrument.reactornetty.ReactorNettyHooks$";
  private static final String REACTOR_FINALIZER = "reactor.netty.http.client.HttpClientFinalizer";
  private static final String VERTX = "dev.rebound.agent.instrument.vertx.VertxHooks$";
  private static final String VERTX_CLIENT = "io.vertx.core.http.impl.HttpClientImpl";
  private static final String VERTX_REQUEST = "io.vertx.core.http.impl.HttpClientRequestImpl";
  private static final String VERTX_REQUEST_BASE = "io.vertx.core.http.impl.HttpClientRequestBase";

  private static final String JDK_SEND_ARGS =
      "(Ljava/net/http/HttpRequest;Ljava/net/http/HttpResponse$BodyHandler;";
  private static final String APACHE4_DO_EXECUTE =
      "(Lorg/apache/http/HttpHost;Lorg/apache/http/HttpRequest;Lorg/apache/http/protocol/HttpContext;)"
          + "Lorg/apache/http/client/methods/CloseableHttpResponse;";
  private static final String APACHE5_DO_EXECUTE =
      "(Lorg/apache/hc/core5/http/HttpHost;Lorg/apache/hc/core5/http/ClassicHttpRequest;"
          + "Lorg/apache/hc/core5/http/protocol/HttpContext;)"
          + "Lorg/apache/hc/client5/http/impl/classic/CloseableHttpResponse;";
  private static final String APACHE5_ASYNC_DO_EXECUTE =
      "(Lorg/apache/hc/core5/http/HttpHost;Lorg/apache/hc/core5/http/nio/AsyncRequestProducer;"
          + "Lorg/apache/hc/core5/http/nio/AsyncResponseConsumer;"
          + "Lorg/apache/hc/core5/http/nio/HandlerFactory;"
          + "Lorg/apache/hc/core5/http/protocol/HttpContext;"
          + "Lorg/apache/hc/core5/concurrent/FutureCallback;)Ljava/util/concurrent/Future;";

  /**
   * The rows; a patched method names its row by its index here. OkHttp: every client built gets
   * Rebound's interceptor, and asynchronous calls are driven by Rebound so that no dispatcher
   * thread waits. JDK: the facade every {@code HttpClient} is, whose attempts go to its {@code
   * impl} and so never come back here (OpenTelemetry and Datadog hook that {@code impl}, never the
   * facade). Apache: the {@code doExecute} every {@code execute} overload reaches, and the clients'
   * own retry execs, passed straight through for Rebound's attempts (SPEC §2).
   */
  public static final List<HookRow> ROWS =
      List.of(
          new HookRow(
              "okhttp",
              "okhttp3.OkHttpClient",
              "<init>",
              "(Lokhttp3/OkHttpClient$Builder;)V",
              ON_ENTRY,
              OKHTTP + "ClientBuilt"),
          // okhttp3.RealCall before 4.4, okhttp3.internal.connection.RealCall since.
          new HookRow(
              "okhttp",
              "okhttp3.RealCall",
              "enqueue",
              "(Lokhttp3/Callback;)V",
              AROUND,
              OKHTTP + "Enqueue"),
          new HookRow("okhttp", "okhttp3.RealCall", "cancel", "()V", AROUND, OKHTTP + "Cancel"),
          new HookRow(
              "okhttp",
              "okhttp3.internal.connection.RealCall",
              "enqueue",
              "(Lokhttp3/Callback;)V",
              AROUND,
              OKHTTP + "Enqueue"),
          new HookRow(
              "okhttp",
              "okhttp3.internal.connection.RealCall",
              "cancel",
              "()V",
              AROUND,
              OKHTTP + "Cancel"),
          new HookRow(
              "jdk",
              "jdk.internal.net.http.HttpClientFacade",
              "send",
              JDK_SEND_ARGS + ")Ljava/net/http/HttpResponse;",
              AROUND,
              JDK + "Send"),
          new HookRow(
              "jdk",
              "jdk.internal.net.http.HttpClientFacade",
              "sendAsync",
              JDK_SEND_ARGS + ")Ljava/util/concurrent/CompletableFuture;",
              AROUND,
              JDK + "SendAsync"),
          new HookRow(
              "jdk",
              "jdk.internal.net.http.HttpClientFacade",
              "sendAsync",
              JDK_SEND_ARGS
                  + "Ljava/net/http/HttpResponse$PushPromiseHandler;)"
                  + "Ljava/util/concurrent/CompletableFuture;",
              AROUND,
              JDK + "SendAsync"),
          new HookRow(
              "apache4",
              "org.apache.http.impl.client.InternalHttpClient",
              "doExecute",
              APACHE4_DO_EXECUTE,
              AROUND,
              APACHE + "DoExecute"),
          new HookRow(
              "apache4",
              "org.apache.http.impl.client.MinimalHttpClient",
              "doExecute",
              APACHE4_DO_EXECUTE,
              AROUND,
              APACHE + "DoExecute"),
          // The deprecated DefaultHttpClient family.
          new HookRow(
              "apache4",
              "org.apache.http.impl.client.AbstractHttpClient",
              "doExecute",
              APACHE4_DO_EXECUTE,
              AROUND,
              APACHE + "DoExecute"),
          // The retry exec of a client given a status retry strategy, default or the application's.
          new HookRow(
              "apache4",
              "org.apache.http.impl.execchain.ServiceUnavailableRetryExec",
              "execute",
              "(Lorg/apache/http/conn/routing/HttpRoute;Lorg/apache/http/client/methods/HttpRequestWrapper;"
                  + "Lorg/apache/http/client/protocol/HttpClientContext;"
                  + "Lorg/apache/http/client/methods/HttpExecutionAware;)"
                  + "Lorg/apache/http/client/methods/CloseableHttpResponse;",
              AROUND,
              APACHE + "ClassicRetryExec"),
          new HookRow(
              "apache5",
              "org.apache.hc.client5.http.impl.classic.InternalHttpClient",
              "doExecute",
              APACHE5_DO_EXECUTE,
              AROUND,
              APACHE + "DoExecute"),
          new HookRow(
              "apache5",
              "org.apache.hc.client5.http.impl.classic.MinimalHttpClient",
              "doExecute",
              APACHE5_DO_EXECUTE,
              AROUND,
              APACHE + "DoExecute"),
          // The retry exec, whatever retry strategy the application gave its client.
          new HookRow(
              "apache5",
              "org.apache.hc.client5.http.impl.classic.HttpRequestRetryExec",
              "execute",
              "(Lorg/apache/hc/core5/http/ClassicHttpRequest;"
                  + "Lorg/apache/hc/client5/http/classic/ExecChain$Scope;"
                  + "Lorg/apache/hc/client5/http/classic/ExecChain;)"
                  + "Lorg/apache/hc/core5/http/ClassicHttpResponse;",
              AROUND,
              APACHE + "ClassicRetryExec"),
          new HookRow(
              "apache5-async",
              "org.apache.hc.client5.http.impl.async.InternalAbstractHttpAsyncClient",
              "doExecute",
              APACHE5_ASYNC_DO_EXECUTE,
              AROUND,
              APACHE + "AsyncDoExecute"),
          new HookRow(
              "apache5-async",
              "org.apache.hc.client5.http.impl.async.AbstractMinimalHttpAsyncClientBase",
              "doExecute",
              APACHE5_ASYNC_DO_EXECUTE,
              AROUND,
              APACHE + "AsyncDoExecute"),
          new HookRow(
              "apache5-async",
              "org.apache.hc.client5.http.impl.async.AsyncHttpRequestRetryExec",
              "execute",
              "(Lorg/apache/hc/core5/http/HttpRequest;Lorg/apache/hc/core5/http/nio/AsyncEntityProducer;"
                  + "Lorg/apache/hc/client5/http/async/AsyncExecChain$Scope;"
                  + "Lorg/apache/hc/client5/http/async/AsyncExecChain;"
                  + "Lorg/apache/hc/client5/http/async/AsyncExecCallback;)V",
              AROUND,
              APACHE + "AsyncRetryExec"),
          // Reactor Netty 1.1 to 1.3: the five ways to run a request, where it is complete (the
          // same methods OpenTelemetry hooks), and the request body's send, where Rebound takes
          // the body of a call it manages.
          new HookRow(
              "reactor-netty",
              REACTOR_FINALIZER,
              "response",
              "()Lreactor/core/publisher/Mono;",
              AROUND,
              REACTOR + "Respond"),
          new HookRow(
              "reactor-netty",
              REACTOR_FINALIZER,
              "response",
              "(Ljava/util/function/BiFunction;)Lreactor/core/publisher/Flux;",
              AROUND,
              REACTOR + "Respond"),
          new HookRow(
              "reactor-netty",
              REACTOR_FINALIZER,
              "responseConnection",
              "(Ljava/util/function/BiFunction;)Lreactor/core/publisher/Flux;",
              AROUND,
              REACTOR + "Respond"),
          new HookRow(
              "reactor-netty",
              REACTOR_FINALIZER,
              "responseContent",
              "()Lreactor/netty/ByteBufFlux;",
              AROUND,
              REACTOR + "Respond"),
          new HookRow(
              "reactor-netty",
              REACTOR_FINALIZER,
              "responseSingle",
              "(Ljava/util/function/BiFunction;)Lreactor/core/publisher/Mono;",
              AROUND,
              REACTOR + "Respond"),
          new HookRow(
              "reactor-netty",
              "reactor.netty.http.client.HttpClientOperations",
              "send",
              "(Lorg/reactivestreams/Publisher;)Lreactor/netty/NettyOutbound;",
              AROUND,
              REACTOR + "Send"),
          // Vert.x core HttpClient, 4.5 and 5.x: where a request is made (its client and options,
          // to make it again), its body written, its response head received, its failure and its
          // reset. Rows that differ between versions are in VERSION_SPECIFIC.
          new HookRow(
              "vertx",
              VERTX_CLIENT,
              "request",
              "(Lio/vertx/core/http/RequestOptions;)Lio/vertx/core/Future;",
              AROUND,
              VERTX + "Request"),
          new HookRow(
              "vertx",
              VERTX_CLIENT,
              "doRequest",
              "(Lio/vertx/core/http/RequestOptions;Lio/vertx/core/impl/future/PromiseInternal;)V",
              AROUND,
              VERTX + "DoRequest"),
          new HookRow(
              "vertx",
              VERTX_REQUEST,
              "write",
              "(Lio/netty/buffer/ByteBuf;Z)Lio/vertx/core/Future;",
              AROUND,
              VERTX + "WriteFuture"),
          new HookRow(
              "vertx",
              VERTX_REQUEST,
              "write",
              "(Lio/netty/buffer/ByteBuf;ZLio/vertx/core/Handler;)V",
              AROUND,
              VERTX + "WriteHandler"),
          new HookRow(
              "vertx",
              VERTX_REQUEST,
              "write",
              "(Lio/vertx/core/buffer/Buffer;Z)Lio/vertx/core/Future;",
              AROUND,
              VERTX + "WriteFuture"),
          new HookRow(
              "vertx",
              VERTX_REQUEST,
              "handleResponse",
              "(Lio/vertx/core/Promise;Lio/vertx/core/http/HttpClientResponse;J)V",
              AROUND,
              VERTX + "Response"),
          new HookRow(
              "vertx",
              VERTX_REQUEST_BASE,
              "fail",
              "(Ljava/lang/Throwable;)V",
              AROUND,
              VERTX + "Fail"),
          new HookRow(
              "vertx",
              VERTX_REQUEST_BASE,
              "reset",
              "(Ljava/lang/Throwable;)Lio/vertx/core/Future;",
              AROUND,
              VERTX + "Reset"),
          new HookRow(
              "vertx",
              VERTX_REQUEST_BASE,
              "reset",
              "(Ljava/lang/Throwable;)Z",
              AROUND,
              VERTX + "Reset"),
          new HookRow(
              "vertx",
              VERTX_REQUEST_BASE,
              "reset",
              "(JLjava/lang/Throwable;)Lio/vertx/core/Future;",
              AROUND,
              VERTX + "ResetWithCode"),
          new HookRow(
              "vertx",
              VERTX_REQUEST_BASE,
              "cancel",
              "(Ljava/lang/Throwable;)Lio/vertx/core/Future;",
              AROUND,
              VERTX + "ResetWithCode"));

  /**
   * Hooked methods ({@code class.method+descriptor}) that only some versions of their client have,
   * in groups of alternatives: every supported version has one method of each group of two or more,
   * and a method alone in its group is one only some versions need. A missing method is expected
   * when it is alone in its group or when the class has another of its group; a class without any
   * of a group is a version Rebound does not know, reported at {@code info}.
   */
  private static final List<Set<String>> VERSION_SPECIFIC =
      List.of(
          Set.of(
              VERTX_CLIENT
                  + ".doRequest(Lio/vertx/core/http/RequestOptions;"
                  + "Lio/vertx/core/impl/future/PromiseInternal;)V"),
          Set.of(
              VERTX_REQUEST + ".write(Lio/netty/buffer/ByteBuf;Z)Lio/vertx/core/Future;",
              VERTX_REQUEST + ".write(Lio/netty/buffer/ByteBuf;ZLio/vertx/core/Handler;)V",
              VERTX_REQUEST + ".write(Lio/vertx/core/buffer/Buffer;Z)Lio/vertx/core/Future;"),
          Set.of(
              VERTX_REQUEST_BASE + ".reset(Ljava/lang/Throwable;)Lio/vertx/core/Future;",
              VERTX_REQUEST_BASE + ".reset(Ljava/lang/Throwable;)Z",
              VERTX_REQUEST_BASE + ".cancel(Ljava/lang/Throwable;)Lio/vertx/core/Future;"),
          Set.of(VERTX_REQUEST_BASE + ".reset(JLjava/lang/Throwable;)Lio/vertx/core/Future;"));

  /**
   * Whether {@code method}, missing from its class, is expected to be: see {@link
   * #VERSION_SPECIFIC}.
   *
   * @param missing every hooked method of the same class that it lacks
   */
  public static boolean absenceExpected(String method, Collection<String> missing) {
    Set<String> group = groupOf(method);
    return group != null && (group.size() == 1 || !missing.containsAll(group));
  }

  private static Set<String> groupOf(String method) {
    for (Set<String> group : VERSION_SPECIFIC) {
      if (group.contains(method)) {
        return group;
      }
    }
    return null;
  }

  private HookTable() {}
}
