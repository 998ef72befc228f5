package dev.rebound.it;

/** OkHttp 4.x, {@code Call.enqueue()}. */
class OkHttp4AsyncIT extends OkHttpScenarios {
  @Override
  String clientFolder() {
    return "okhttp-" + System.getProperty("rebound.okhttp4.version");
  }

  @Override
  String mode() {
    return "async";
  }
}
