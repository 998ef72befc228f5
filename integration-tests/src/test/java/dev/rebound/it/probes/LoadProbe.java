package dev.rebound.it.probes;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An application under load, knowing nothing of Rebound, on one client: {@code okhttp}, {@code jdk}
 * or {@code apache5}. Arguments: {@code client url amount threads [first]}, where {@code amount} is
 * a number of calls or a duration like {@code 120s}, and {@code first} makes one call on its own
 * first. Prints how every call ended, the threads and heap before and after (after a GC), and the
 * connections still leased from the client's pool (-1 when the client has no such figure).
 */
public final class LoadProbe {
  static final String BODY =
      "{\"model\":\"openai/gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  /** One client family: how to call, and what its pool still has leased. */
  interface Caller {
    /** {@code status} or {@code status rebound_<type>} or {@code exception <name>}. */
    String call(String url);

    long leased();
  }

  private LoadProbe() {}

  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[3]);
    Caller caller =
        switch (args[0]) {
          case "okhttp" -> new OkHttpLoad(threads);
          case "apache5" -> new Apache5Load(threads);
          default -> new JdkLoad();
        };
    String url = args[1];
    if (args.length > 4) {
      System.out.println("FIRST " + caller.call(url));
    }
    run(caller, url, "" + threads, threads); // warm-up: classes, connections and pool threads exist
    Set<String> threadsBefore = threadNames();
    long heapBefore = usedHeapAfterGc();
    Map<String, AtomicInteger> outcomes = run(caller, url, args[2], threads);
    long heapAfter = usedHeapAfterGc();
    int answered = outcomes.values().stream().mapToInt(AtomicInteger::get).sum();
    System.out.println("OUTCOMES " + new TreeMap<>(outcomes));
    System.out.println("ANSWERED " + answered);
    System.out.println("THREADS-BEFORE " + threadsBefore);
    System.out.println("THREADS-AFTER " + threadNames());
    System.out.println("HEAP " + heapBefore + " " + heapAfter);
    System.out.println("LEASED " + caller.leased());
    System.exit(0);
  }

  /** {@code amount} calls, or as many as fit in {@code amount} seconds when it ends in "s". */
  private static Map<String, AtomicInteger> run(
      Caller caller, String url, String amount, int threads) throws InterruptedException {
    Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    Runnable one =
        () ->
            outcomes.computeIfAbsent(caller.call(url), k -> new AtomicInteger()).incrementAndGet();
    if (amount.endsWith("s")) {
      long end =
          System.nanoTime()
              + TimeUnit.SECONDS.toNanos(Long.parseLong(amount.substring(0, amount.length() - 1)));
      for (int t = 0; t < threads; t++) {
        pool.execute(
            () -> {
              while (System.nanoTime() < end) {
                one.run();
              }
            });
      }
    } else {
      for (int i = 0; i < Integer.parseInt(amount); i++) {
        pool.execute(one);
      }
    }
    pool.shutdown();
    if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
      System.out.println("HUNG " + pool.shutdownNow().size());
    }
    return outcomes;
  }

  static String outcome(int status, String body) {
    return status
        + (body.contains("rebound_")
            ? " " + body.replaceAll("(?s).*\"type\":\"(rebound_[a-z_]+)\".*", "$1")
            : "");
  }

  private static Set<String> threadNames() {
    return new TreeSet<>(
        Thread.getAllStackTraces().keySet().stream().map(Thread::getName).toList());
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      // Let the collector's reference processing settle before reading the figure.
      TimeUnit.MILLISECONDS.sleep(100);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  /** OkHttp: {@code Call.execute()}. */
  static final class OkHttpLoad implements Caller {
    private static final okhttp3.MediaType JSON = okhttp3.MediaType.parse("application/json");
    private final okhttp3.OkHttpClient client;

    OkHttpLoad(int threads) {
      client =
          new okhttp3.OkHttpClient.Builder()
              .connectionPool(new okhttp3.ConnectionPool(threads, 1, TimeUnit.MINUTES))
              .build();
    }

    @Override
    @SuppressWarnings(
        "deprecation") // RequestBody.create(MediaType, String): the form every version has
    public String call(String url) {
      okhttp3.Request request =
          new okhttp3.Request.Builder()
              .url(url)
              .post(okhttp3.RequestBody.create(JSON, BODY))
              .build();
      try (okhttp3.Response r = client.newCall(request).execute()) {
        return outcome(r.code(), r.body().string());
      } catch (IOException e) {
        return "exception " + e.getClass().getSimpleName();
      }
    }

    @Override
    public long leased() {
      okhttp3.ConnectionPool pool = client.connectionPool();
      return pool.connectionCount() - pool.idleConnectionCount();
    }
  }

  /** The JDK client: {@code HttpClient.send}. */
  static final class JdkLoad implements Caller {
    private final HttpClient client = HttpClient.newHttpClient();

    @Override
    public String call(String url) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(BODY))
              .build();
      try {
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        return outcome(r.statusCode(), r.body());
      } catch (IOException e) {
        return "exception " + e.getClass().getSimpleName();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
    }

    @Override
    public long leased() {
      return -1;
    }
  }

  /** Apache HttpClient 5 classic, on a pool as big as the thread count. */
  static final class Apache5Load implements Caller {
    private final org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager pool;
    private final org.apache.hc.client5.http.impl.classic.CloseableHttpClient client;

    Apache5Load(int threads) {
      pool =
          org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder.create()
              .setMaxConnTotal(threads)
              .setMaxConnPerRoute(threads)
              .build();
      client =
          org.apache.hc.client5.http.impl.classic.HttpClients.custom()
              .setConnectionManager(pool)
              .build();
    }

    @Override
    public String call(String url) {
      org.apache.hc.client5.http.classic.methods.HttpPost post =
          new org.apache.hc.client5.http.classic.methods.HttpPost(url);
      post.setEntity(
          new org.apache.hc.core5.http.io.entity.StringEntity(
              BODY, org.apache.hc.core5.http.ContentType.APPLICATION_JSON));
      try {
        return client.execute(
            post,
            response ->
                outcome(
                    response.getCode(),
                    response.getEntity() == null
                        ? ""
                        : new String(
                            response.getEntity().getContent().readAllBytes(),
                            StandardCharsets.UTF_8)));
      } catch (IOException e) {
        return "exception " + e.getClass().getSimpleName();
      }
    }

    @Override
    public long leased() {
      return pool.getTotalStats().getLeased();
    }
  }
}
