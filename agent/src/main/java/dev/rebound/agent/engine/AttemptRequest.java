package dev.rebound.agent.engine;

/**
 * What the adapter must send for one attempt: the original request with every {@code x-rebound-*}
 * header removed, this body and this path (the query string unchanged). Immutable.
 *
 * @param number the attempt's number within the call, from 1
 * @param model the model this attempt asks for, or null when the request names none
 * @param path the path to send; differs from the original only when the model is in the path
 * @param body the body to send; the original array when nothing was rewritten
 * @param stream whether the request asks for a stream (decides how the response is peeked)
 */
public record AttemptRequest(int number, String model, String path, byte[] body, boolean stream) {

  /**
   * Whether this attempt sends the call's own body (the same array, nothing rewritten) to {@code
   * originalPath}: the application's request can then go as it is.
   */
  public boolean sendsUnchanged(byte[] callBody, String originalPath) {
    return callBody != null && body == callBody && path.equals(originalPath);
  }
}
