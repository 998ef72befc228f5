package dev.rebound.agent.instrument.apache;

import java.net.URI;
import java.util.Locale;

/**
 * Small request facts every Apache adapter needs, on plain strings: whether a content type is JSON,
 * the host key of the metrics, a URI with another path. Shared by the Apache adapters. Stateless.
 */
public final class RequestTexts {
  private RequestTexts() {}

  /**
   * SPEC §2: a body is JSON when its media type is {@code application/json} or ends in {@code
   * +json}.
   */
  public static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    int slash = type.indexOf('/');
    if (slash < 0) {
      return false;
    }
    String subtype = type.substring(slash + 1).toLowerCase(Locale.ROOT);
    return subtype.equals("json") || subtype.endsWith("+json");
  }

  /** The port a URL means: {@code port}, or the scheme's default when it is not given (-1). */
  public static int effectivePort(String scheme, int port) {
    if (port >= 0) {
      return port;
    }
    return "https".equalsIgnoreCase(scheme) ? 443 : 80;
  }

  /** The host as the metrics name it: with the port when it is not the scheme's default. */
  public static String hostKey(String scheme, String host, int port) {
    return port < 0 || port == effectivePort(scheme, -1) ? host : host + ":" + port;
  }

  /** The same URI with another (already encoded) path; the query string stays. */
  public static URI withPath(URI uri, String rawPath) {
    StringBuilder b = new StringBuilder();
    if (uri.getScheme() != null) {
      b.append(uri.getScheme()).append(':');
    }
    if (uri.getRawAuthority() != null) {
      b.append("//").append(uri.getRawAuthority());
    }
    b.append(rawPath);
    if (uri.getRawQuery() != null) {
      b.append('?').append(uri.getRawQuery());
    }
    return URI.create(b.toString());
  }

  /** The encoded path of a URI, {@code /} when it has none. */
  public static String rawPath(URI uri) {
    String path = uri.getRawPath();
    return path == null || path.isEmpty() ? "/" : path;
  }
}
