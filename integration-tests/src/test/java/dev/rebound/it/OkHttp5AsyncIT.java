package dev.rebound.it;

/** OkHttp 5.x, {@code Call.enqueue()}. */
class OkHttp5AsyncIT extends OkHttpScenarios {
  @Override
  String clientFolder() {
    return "okhttp-" + System.getProperty("rebound.okhttp5.version");
  }

  @Override
  String mode() {
    return "async";
  }
}
