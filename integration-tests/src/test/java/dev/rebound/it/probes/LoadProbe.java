package dev.rebound.it.probes;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * An OkHttp application under load, knowing nothing of Rebound. Arguments: {@code url calls threads
 * [firstSingle]}: optionally one call first on its own, then {@code calls} calls spread over {@code
 * threads} threads. Prints how every call ended, and the JVM's threads and heap before and after.
 */
public final class LoadProbe {
  private static final MediaType JSON = MediaType.parse("application/json");
  private static final String BODY =
      "{\"model\":\"openai/gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  private LoadProbe() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    int calls = Integer.parseInt(args[1]);
    int threads = Integer.parseInt(args[2]);
    OkHttpClient client =
        new OkHttpClient.Builder().connectionPool(new okhttp3.ConnectionPool(threads, 1, TimeUnit.MINUTES)).build();
    if (args.length > 3) {
      System.out.println("FIRST " + call(client, url));
    }
    run(client, url, threads, threads); // warm-up: classes, connections and pool threads exist
    long threadsBefore = liveThreads();
    System.out.println("THREADS-BEFORE " + threadNames());
    long heapBefore = usedHeapAfterGc();
    Map<String, AtomicInteger> outcomes = run(client, url, calls, threads);
    long heapAfter = usedHeapAfterGc();
    long threadsAfter = liveThreads();
    int answered = outcomes.values().stream().mapToInt(AtomicInteger::get).sum();
    System.out.println("OUTCOMES " + new TreeMap<>(outcomes));
    System.out.println("ANSWERED " + answered);
    System.out.println("THREADS " + threadsBefore + " " + threadsAfter);
    System.out.println("THREADS-AFTER " + threadNames());
    System.out.println("HEAP " + heapBefore + " " + heapAfter);
    System.exit(0);
  }

  private static Map<String, AtomicInteger> run(OkHttpClient client, String url, int calls, int threads)
      throws InterruptedException {
    Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    for (int i = 0; i < calls; i++) {
      pool.execute(() -> outcomes.computeIfAbsent(call(client, url), k -> new AtomicInteger()).incrementAndGet());
    }
    pool.shutdown();
    if (!pool.awaitTermination(5, TimeUnit.MINUTES)) {
      System.out.println("HUNG " + pool.shutdownNow().size());
    }
    return outcomes;
  }

  @SuppressWarnings("deprecation") // RequestBody.create(MediaType, String): the form every version has
  private static String call(OkHttpClient client, String url) {
    Request request = new Request.Builder().url(url).post(RequestBody.create(JSON, BODY)).build();
    try (Response r = client.newCall(request).execute()) {
      String body = r.body().string();
      return r.code() + (body.contains("rebound_") ? " " + body.replaceAll(".*\"type\":\"(rebound_[a-z_]+)\".*", "$1") : "");
    } catch (IOException e) {
      return "exception " + e.getClass().getSimpleName();
    }
  }

  private static java.util.Set<String> threadNames() {
    return new java.util.TreeSet<>(Thread.getAllStackTraces().keySet().stream().map(Thread::getName).toList());
  }

  private static long liveThreads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
