package dev.rebound.agent.engine;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * What a non-blocking client's reader hands over of one attempt's response after its head (body
 * pieces, its end, a failure), in the order it came. The events wait here until the engine delivers
 * the attempt; then they go to the one consumer given, in order, by one thread at a time, and later
 * events follow as they arrive. Once the attempt is discarded they are dropped, and so is anything
 * added later. Thread-safe: the client's thread adds, any thread delivers or discards.
 *
 * @param <E> the adapter's events
 */
public final class AttemptEvents<E> {
  private final Queue<E> events = new ConcurrentLinkedQueue<>();
  private final AtomicInteger draining = new AtomicInteger();
  private volatile Consumer<? super E> consumer;
  private volatile boolean discarded;

  /** The next event: kept until delivery, passed on at once after it, dropped after a discard. */
  public void add(E event) {
    if (discarded) {
      return;
    }
    events.add(event);
    drain();
  }

  /** The engine chose this attempt: every event goes to {@code to} from now on, in order. */
  public void deliverTo(Consumer<? super E> to) {
    consumer = to;
    drain();
  }

  /** The engine dropped this attempt, or its reader stopped: no event reaches anyone any more. */
  public void discard() {
    discarded = true;
    events.clear();
  }

  public boolean discarded() {
    return discarded;
  }

  private void drain() {
    Consumer<? super E> to = consumer;
    if (to == null || discarded || draining.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      E event;
      while (!discarded && (event = events.poll()) != null) {
        to.accept(event);
      }
      missed = draining.addAndGet(-missed);
    } while (missed != 0);
  }
}
