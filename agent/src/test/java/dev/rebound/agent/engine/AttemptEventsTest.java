package dev.rebound.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AttemptEventsTest {

  @Test
  void eventsWaitForTheDeliveryThenGoInTheOrderTheyCame() {
    AttemptEvents<String> events = new AttemptEvents<>();
    List<String> seen = new ArrayList<>();
    events.add("chunk 1");
    events.add("chunk 2");

    assertThat(seen).isEmpty();
    events.deliverTo(seen::add);
    assertThat(seen).containsExactly("chunk 1", "chunk 2");

    events.add("end");
    assertThat(seen).containsExactly("chunk 1", "chunk 2", "end");
  }

  @Test
  void aDiscardedAttemptPassesNothingOnNeitherWhatWasQueuedNorWhatComesLater() {
    AttemptEvents<String> events = new AttemptEvents<>();
    List<String> seen = new ArrayList<>();
    events.add("chunk 1");
    events.discard();
    events.add("chunk 2");
    events.deliverTo(seen::add);

    assertThat(seen).isEmpty();
    assertThat(events.discarded()).isTrue();
  }

  @Test
  void aConsumerThatDiscardsMidwayGetsNoFurtherEvent() {
    AttemptEvents<String> events = new AttemptEvents<>();
    List<String> seen = new ArrayList<>();
    events.add("chunk 1");
    events.add("chunk 2");
    events.deliverTo(
        e -> {
          seen.add(e);
          events.discard();
        });

    assertThat(seen).containsExactly("chunk 1");
  }

  @Test
  void anEventAddedByTheConsumerItselfFollowsInOrderOnTheSameDrain() {
    AttemptEvents<String> events = new AttemptEvents<>();
    List<String> seen = new ArrayList<>();
    events.add("chunk");
    events.deliverTo(
        e -> {
          seen.add(e);
          if (e.equals("chunk")) {
            events.add("end");
          }
        });

    assertThat(seen).containsExactly("chunk", "end");
  }

  @Test
  void eventsAddedWhileAnotherThreadDeliversReachTheConsumerOnceEachInOrderOneAtATime()
      throws InterruptedException {
    int n = 100_000;
    AttemptEvents<Integer> events = new AttemptEvents<>();
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    List<Integer> received = new ArrayList<>(n);
    CountDownLatch someQueued = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              for (int i = 0; i < n; i++) {
                events.add(i);
                if (i == n / 10) {
                  someQueued.countDown();
                }
              }
            });
    reader.start();
    someQueued.await();
    // Delivered while the reader still adds: both threads would drain, if draining were not
    // one thread's at a time.
    events.deliverTo(
        e -> {
          if (inside.incrementAndGet() != 1) {
            overlaps.incrementAndGet();
          }
          received.add(e);
          for (int spin = 0; spin < 20; spin++) {
            Thread.onSpinWait();
          }
          inside.decrementAndGet();
        });
    reader.join();

    assertThat(overlaps).hasValue(0);
    assertThat(received).hasSize(n);
    for (int i = 0; i < n; i++) {
      assertThat(received.get(i)).isEqualTo(i);
    }
  }
}
