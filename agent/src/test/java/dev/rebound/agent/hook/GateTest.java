package dev.rebound.agent.hook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A hook whose handler cannot be loaded (a class missing from the jar, a linkage error) fails open:
 * the patched method runs its original body, and the load is not tried again on every call.
 */
class GateTest {

  @AfterEach
  void restoreLoader() {
    Gate.loadHandlersWith(Gate.class.getClassLoader());
  }

  @Test
  void aHandlerThatCannotBeLoadedLetsTheOriginalBodyRunAndIsTriedOnce() throws Throwable {
    // The last row: no other test of this JVM asks the gate for it.
    int row = HookTable.ROWS.size() - 1;
    String handler = HookTable.ROWS.get(row).handler();
    List<String> asked = new ArrayList<>();
    Gate.loadHandlersWith(
        new ClassLoader(null) {
          @Override
          protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.equals(handler)) {
              asked.add(name);
            }
            throw new ClassNotFoundException(name);
          }
        });

    assertThat(Gate.around(row, new Object(), new Object[0])).isNull();
    assertThat(Gate.around(row, new Object(), new Object[0])).isNull();

    assertThat(asked).containsExactly(handler);
  }
}
