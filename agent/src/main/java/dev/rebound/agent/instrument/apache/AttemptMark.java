package dev.rebound.agent.instrument.apache;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The context attribute that tells the client's own status retry to leave a managed attempt alone
 * (SPEC §2: Rebound is the one retry loop), set for the call and removed after it unless it was
 * there before (a nested call). Confined to the call.
 */
public final class AttemptMark {
  private final String attribute;
  private final Consumer<String> remove;
  private final boolean added;

  private AttemptMark(String attribute, Consumer<String> remove, boolean added) {
    this.attribute = attribute;
    this.remove = remove;
    this.added = added;
  }

  /**
   * Sets {@code attribute} through the context's {@code getAttribute}, {@code setAttribute} and
   * {@code removeAttribute}.
   */
  public static AttemptMark set(
      String attribute,
      Function<String, Object> get,
      BiConsumer<String, Object> set,
      Consumer<String> remove) {
    boolean added = get.apply(attribute) == null;
    set.accept(attribute, Boolean.TRUE);
    return new AttemptMark(attribute, remove, added);
  }

  /** Once the call is over. */
  public void clear() {
    if (added) {
      remove.accept(attribute);
    }
  }
}
