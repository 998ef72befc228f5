package dev.rebound.agent.cli;

import java.util.Map;

/**
 * What the demo server answers, each in the real format of OpenRouter or the proxy in front of it.
 */
enum Fault {
  /** A chat completion from the model that was asked. */
  OK(200, "application/json", Map.of()),
  /** OpenRouter's own per-model limit, with the wait it asks for. */
  GATEWAY_429(429, "application/json", Map.of("Retry-After", "1")),
  /** A provider behind OpenRouter rate-limited the request: "Provider returned error". */
  UPSTREAM_429(429, "application/json", Map.of()),
  /** The HTML page of a proxy whose upstream failed. */
  HTML_502(502, "text/html", Map.of()),
  /** The provider is down for a moment. */
  SERVICE_503(503, "application/json", Map.of()),
  /** The model is gone: no endpoint serves it any more. */
  GONE_404(404, "application/json", Map.of());

  private final int status;
  private final String contentType;
  private final Map<String, String> headers;

  Fault(int status, String contentType, Map<String, String> headers) {
    this.status = status;
    this.contentType = contentType;
    this.headers = headers;
  }

  int status() {
    return status;
  }

  String contentType() {
    return contentType;
  }

  Map<String, String> headers() {
    return headers;
  }

  String body(String model) {
    return switch (this) {
      case OK ->
          "{\"id\":\"gen-demo\",\"object\":\"chat.completion\",\"model\":\""
              + model
              + "\","
              + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello!\"},"
              + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":8,\"completion_tokens\":2}}";
      case GATEWAY_429 ->
          "{\"error\":{\"message\":\"Rate limit exceeded: limit_rpm/"
              + model
              + ". High demand for "
              + model
              + " on OpenRouter - limited to 20 requests per minute.\","
              + "\"code\":429,\"metadata\":{\"headers\":{\"X-RateLimit-Limit\":\"20\","
              + "\"X-RateLimit-Remaining\":\"0\"},\"provider_name\":null}}}";
      case UPSTREAM_429 ->
          "{\"error\":{\"message\":\"Provider returned error\",\"code\":429,"
              + "\"metadata\":{\"raw\":\""
              + model
              + " is temporarily rate-limited upstream. Please retry"
              + " shortly.\",\"provider_name\":\"DemoCloud\"}}}";
      case HTML_502 ->
          "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad"
              + " Gateway</h1></center><hr><center>nginx</center></body></html>";
      case SERVICE_503 -> "{\"error\":{\"message\":\"Service Unavailable\",\"code\":503}}";
      case GONE_404 ->
          "{\"error\":{\"message\":\"No endpoints found for " + model + ".\",\"code\":404}}";
    };
  }
}
