package dev.rebound.agent.meters;

import dev.rebound.agent.config.ReboundConfig;
import dev.rebound.agent.config.ReboundConfig.Detection;
import dev.rebound.api.CallRecord;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Hands Rebound's calls and circuit changes to the application's OpenTelemetry and Micrometer (SPEC
 * §9), on a daemon thread of its own, {@code rebound-meters}: an application thread only offers to
 * a bounded queue. The thread starts with the first managed call, finds the libraries in the class
 * loader of the application thread that made it (its context class loader, as a Spring Boot jar or
 * a servlet container sets it), and ends at once when there is none; from then on events cost a
 * volatile read. Nothing here runs in {@code premain}. Thread-safe.
 */
public final class MeterSink {
  /** Events that may wait for the thread; one that does not fit is not counted in the meters. */
  static final int CAPACITY = 4096;

  static final String THREAD_NAME = "rebound-meters";

  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>(CAPACITY);
  private final AtomicBoolean started = new AtomicBoolean();
  private final boolean otel;
  private final boolean micrometer;
  private final BoundedValues values;
  private final Consumer<String> log;
  private final Runnable onError;

  /** True once it is known that no library listens: events are then dropped at once. */
  private volatile boolean idle;

  /**
   * @param log where the one line saying which libraries were found goes ({@code rebound.log})
   * @param onError counts an agent error: a library that threw
   */
  public MeterSink(ReboundConfig config, Consumer<String> log, Runnable onError) {
    this(
        config.otel() == Detection.AUTO,
        config.micrometer() == Detection.AUTO,
        new BoundedValues(config),
        log,
        onError);
  }

  MeterSink(
      boolean otel,
      boolean micrometer,
      BoundedValues values,
      Consumer<String> log,
      Runnable onError) {
    this.otel = otel;
    this.micrometer = micrometer;
    this.values = values;
    this.log = log;
    this.onError = onError;
  }

  /**
   * A managed call starts on the application's thread: the first one starts the thread, with this
   * thread's context class loader. Its end may come on a thread of Rebound's or of the client's (an
   * asynchronous call), whose loader may not see the application's libraries.
   */
  public void callStarting() {
    if (!started.get()) {
      startOnce();
    }
  }

  public void call(CallRecord record) {
    offer(record);
  }

  /**
   * @param state {@code open}, {@code half_open} or {@code closed}
   */
  public void breaker(String host, String model, String state) {
    offer(new BreakerChange(host, model, state));
  }

  private void offer(Object event) {
    if (idle) {
      return;
    }
    if (!started.get()) {
      startOnce();
    }
    queue.offer(event);
  }

  private void startOnce() {
    if (started.compareAndSet(false, true)) {
      start(Thread.currentThread().getContextClassLoader());
    }
  }

  private void start(ClassLoader appLoader) {
    MeterRecorder recorder = new MeterRecorder(values, onError);
    Thread thread = new Thread(null, new Run(this, appLoader, recorder), THREAD_NAME, 0, false);
    thread.setDaemon(true);
    thread.setContextClassLoader(appLoader);
    thread.start();
  }

  private void run(ClassLoader appLoader, MeterRecorder recorder) {
    // Looked up here, off the application's threads: loading an absent class walks the loaders.
    recorder.addAll(Backends.find(appLoader, otel, micrometer));
    if (recorder.isEmpty()) {
      idle = true;
      queue.clear();
      return;
    }
    log.accept("meters recorded through " + recorder.libraries());
    try {
      while (true) {
        recorder.record(queue.take());
      }
    } catch (InterruptedException e) {
      // Only at JVM exit: nothing else interrupts this thread.
      Thread.currentThread().interrupt();
    }
  }

  /** A circuit change, queued. */
  record BreakerChange(String host, String model, String state) {}

  /** The thread's body (a class, not a lambda: the thread starts on the first managed call). */
  private static final class Run implements Runnable {
    private final MeterSink sink;
    private final ClassLoader appLoader;
    private final MeterRecorder recorder;

    Run(MeterSink sink, ClassLoader appLoader, MeterRecorder recorder) {
      this.sink = sink;
      this.appLoader = appLoader;
      this.recorder = recorder;
    }

    @Override
    public void run() {
      sink.run(appLoader, recorder);
    }
  }
}
