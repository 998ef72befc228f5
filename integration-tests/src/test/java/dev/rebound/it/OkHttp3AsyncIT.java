package dev.rebound.it;

/** OkHttp 3.x, {@code Call.enqueue()}. */
class OkHttp3AsyncIT extends OkHttpScenarios {
  @Override
  String clientFolder() {
    return "okhttp-" + System.getProperty("rebound.okhttp3.version");
  }

  @Override
  String mode() {
    return "async";
  }
}
