package dev.rebound.agent.cli;

/** Colour for a person at a terminal, plain text for everything else (files, pipes, CI logs). */
final class Terminal {
  private final boolean colour;

  private Terminal(boolean colour) {
    this.colour = colour;
  }

  static Terminal detect() {
    String term = System.getenv("TERM");
    boolean tty = System.console() != null && term != null && !term.equals("dumb");
    return new Terminal(tty && System.getenv("NO_COLOR") == null);
  }

  String bold(String s) {
    return wrap("1", s);
  }

  String green(String s) {
    return wrap("32", s);
  }

  String red(String s) {
    return wrap("31", s);
  }

  private String wrap(String code, String s) {
    return colour ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
  }
}
