package dev.rebound.bench;

/**
 * The smallest application that makes one LLM call: create a client, POST once, read the answer,
 * print {@code DONE}. The harness times from launching this JVM to reading that line. Arguments:
 * {@code client url}.
 */
public final class StartupProbe {
  private StartupProbe() {}

  public static void main(String[] args) throws Exception {
    try (ProbeClient c = ProbeClient.create(args[0], args[1])) {
      int status = c.post(OverheadProbe.REQUEST);
      System.out.println("DONE " + status);
      System.out.flush();
    }
    System.exit(0);
  }
}
