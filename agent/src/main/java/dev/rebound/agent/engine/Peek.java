package dev.rebound.agent.engine;

/**
 * The bytes of a response the engine reads to classify it, taken without consuming them for the
 * application. Immutable.
 *
 * @param bytes the bytes; only the first {@code length} count
 * @param length how many bytes are valid
 * @param streamError true when these bytes are the payload of a stream event that carried an error
 *     before any content
 */
public record Peek(byte[] bytes, int length, boolean streamError) {
  public static final Peek EMPTY = new Peek(new byte[0], 0, false);

  public static Peek body(byte[] bytes, int length) {
    return new Peek(bytes, length, false);
  }
}
