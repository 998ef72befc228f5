package dev.rebound.it.probes;

/** An application that uses no HTTP client: nothing of it is Rebound's to patch. */
public final class NoClientProbe {
  private NoClientProbe() {}

  public static void main(String[] args) {
    System.out.println("done");
  }
}
