package dev.rebound.agent.instrument.apache;

/**
 * What an Apache {@code doExecute} hook returns instead of running the client's own body: the
 * response to return, or the exception to throw. JDK types only, so that the advice inlined into
 * the client's class can use it. Shared by the Apache 4.5 and 5 classic hooks. Immutable.
 *
 * @param response the client-native response (a {@code CloseableHttpResponse}), or null
 * @param failure the exception to throw, or null
 */
public record ReplacedCall(Object response, Throwable failure) {
  public static ReplacedCall returning(Object response) {
    return new ReplacedCall(response, null);
  }

  public static ReplacedCall throwing(Throwable failure) {
    return new ReplacedCall(null, failure);
  }

  /**
   * What the hooked method does instead of its own body ({@link dev.rebound.agent.hook.Gate}): null
   * (no replacement) lets the body run.
   */
  public static Object answerOf(ReplacedCall replaced) {
    if (replaced == null) {
      return null;
    }
    return replaced.failure != null
        ? dev.rebound.agent.hook.Gate.thrown(replaced.failure)
        : replaced.response;
  }
}
