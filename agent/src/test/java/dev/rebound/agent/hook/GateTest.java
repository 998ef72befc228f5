package dev.rebound.agent.hook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gate fails open: a patched method runs its original body when Rebound does not serve the
 * gate, when a row's handler cannot be made (a class missing from the jar, a linkage error; not
 * tried again on every call) and when a handler throws (counted as an agent error); it throws only
 * what a handler answers with {@link Gate#thrown}.
 */
class GateTest {
  // The last row: no other test of this JVM asks the gate for it.
  private static final int ROW = HookTable.ROWS.size() - 1;

  @AfterEach
  void noHandlers() {
    // As a JVM without Rebound: no row has a handler, every patched method runs its own body.
    Gate.serve(HookTable.ROWS.size(), row -> null, (failure, row) -> {});
  }

  @Test
  void aHandlerThatCannotBeLoadedLetsTheOriginalBodyRunAndIsTriedOnce() throws Throwable {
    String handler = HookTable.ROWS.get(ROW).handler();
    List<String> asked = new ArrayList<>();
    new HookHandlers(
            new ClassLoader(null) {
              @Override
              protected Class<?> loadClass(String name, boolean resolve)
                  throws ClassNotFoundException {
                if (name.equals(handler)) {
                  asked.add(name);
                }
                throw new ClassNotFoundException(name);
              }
            },
            () -> {})
        .serveGate();

    assertThat(Gate.around(ROW, new Object(), new Object[0])).isNull();
    assertThat(Gate.around(ROW, new Object(), new Object[0])).isNull();

    assertThat(asked).containsExactly(handler);
  }

  @Test
  void aHandlerThatThrowsLetsTheOriginalBodyRunAndCountsAnAgentError() throws Throwable {
    AtomicInteger agentErrors = new AtomicInteger();
    HookHandlers served =
        new HookHandlers(GateTest.class.getClassLoader(), agentErrors::incrementAndGet);
    HookHandler broken =
        (self, args) -> {
          throw new IllegalStateException("a bug in Rebound");
        };
    Gate.serve(HookTable.ROWS.size(), row -> broken, served);

    assertThat(Gate.around(ROW, new Object(), new Object[0])).isNull();
    assertThat(Gate.around(ROW, new Object(), new Object[0])).isNull();

    assertThat(agentErrors).hasValue(2);
  }

  @Test
  void theApplicationsOwnExceptionIsThrownAsItIs() {
    IOException own = new IOException("connection reset");
    Gate.serve(
        HookTable.ROWS.size(),
        row -> (HookHandler) (self, args) -> Gate.thrown(own),
        (failure, row) -> {});

    assertThatThrownBy(() -> Gate.around(ROW, new Object(), new Object[0])).isSameAs(own);
    assertThatThrownBy(() -> Gate.AS_FUNCTION.apply(new Object[] {ROW, null, new Object[0]}))
        .isSameAs(own);
  }
}
