package dev.rebound.agent.engine;

import java.util.ArrayList;
import java.util.List;

/** The header names of SPEC §1 and §4 that the engine reads and writes. Stateless. */
public final class CallHeaders {
  /** Every request header with this prefix is removed before a managed request leaves the JVM. */
  public static final String REBOUND_PREFIX = "x-rebound-";

  static final String FALLBACK = "x-rebound-fallback";
  static final String RETRY = "x-rebound-retry";

  /**
   * Sent by the OpenAI and Anthropic Java SDKs: 0 on their first try, 1 and up on their retries.
   */
  static final String STAINLESS_RETRY_COUNT = "x-stainless-retry-count";

  static final String ATTEMPTS = "x-rebound-attempts";
  static final String MODEL = "x-rebound-model";
  static final String CLASSIFICATION = "x-rebound-classification";
  static final String SHOULD_RETRY = "x-should-retry";

  private CallHeaders() {}

  /** True for a request header that must not leave the JVM; {@code name} in any case. */
  public static boolean isReboundHeader(String name) {
    return name.regionMatches(true, 0, REBOUND_PREFIX, 0, REBOUND_PREFIX.length());
  }

  /** True when any of {@code names} is a header that must not leave the JVM. */
  public static boolean anyReboundHeader(Iterable<String> names) {
    for (String name : names) {
      if (isReboundHeader(name)) {
        return true;
      }
    }
    return false;
  }

  static boolean isSdkRetry(String retryCount) {
    if (retryCount == null) {
      return false;
    }
    try {
      return Integer.parseInt(retryCount.trim()) >= 1;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** A comma-separated list, trimmed, empty entries dropped. */
  static List<String> parseList(String value) {
    List<String> out = new ArrayList<>();
    for (String part : value.split(",")) {
      String item = part.trim();
      if (!item.isEmpty()) {
        out.add(item);
      }
    }
    return List.copyOf(out);
  }
}
