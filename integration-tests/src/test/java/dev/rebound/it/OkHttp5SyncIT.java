package dev.rebound.it;

/** OkHttp 5.x, {@code Call.execute()}. */
class OkHttp5SyncIT extends OkHttpScenarios {
  @Override
  String clientFolder() {
    return "okhttp-" + System.getProperty("rebound.okhttp5.version");
  }

  @Override
  String mode() {
    return "sync";
  }
}
