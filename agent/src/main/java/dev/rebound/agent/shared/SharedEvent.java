package dev.rebound.agent.shared;

/**
 * One thing a JVM of the fleet learned (SPEC §8), as it travels through Redis: a tab-separated line
 * {@code 1 <sender> <kind> <host> <credential> <model> <millis>}, the same as the value of its key
 * and as the message on the channel. No key, prompt or body: the credential is a fingerprint.
 * Immutable.
 *
 * @param sender the JVM that published it, so that a JVM ignores its own messages
 * @param model the model, or null for a host-wide pause
 * @param millis how long the pause or open circuit lasts from publication; 0 for {@code closed}
 */
record SharedEvent(
    String sender, Kind kind, String host, String credential, String model, long millis) {
  enum Kind {
    PAUSE("pause"),
    OPEN("open"),
    CLOSED("closed");

    final String wire;

    Kind(String wire) {
      this.wire = wire;
    }

    static Kind of(String wire) {
      for (Kind k : values()) {
        if (k.wire.equals(wire)) {
          return k;
        }
      }
      return null;
    }
  }

  private static final String VERSION = "1";

  /** Whether every field can travel: none may hold a tab or a line break. */
  boolean travels() {
    return clean(sender) && clean(host) && clean(credential) && (model == null || clean(model));
  }

  /** The same event with the time that is left. */
  SharedEvent withMillis(long left) {
    return new SharedEvent(sender, kind, host, credential, model, left);
  }

  String encode() {
    return String.join(
        "\t",
        VERSION,
        sender,
        kind.wire,
        host,
        credential,
        model == null ? "" : model,
        Long.toString(millis));
  }

  /** The event of a line, or null for one this version cannot read. */
  static SharedEvent decode(String line) {
    String[] f = line.split("\t", -1);
    if (f.length != 7 || !f[0].equals(VERSION) || Kind.of(f[2]) == null) {
      return null;
    }
    try {
      long millis = Long.parseLong(f[6]);
      return new SharedEvent(f[1], Kind.of(f[2]), f[3], f[4], f[5].isEmpty() ? null : f[5], millis);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * The Redis key that holds the current pause or open circuit, which expires when it ends: {@code
   * <ns>:pause:<host>:<credential>[:<model>]}, {@code <ns>:open:<host>:<credential>:<model>}. A
   * {@code closed} event deletes the {@code open} key.
   */
  String key(String namespace) {
    String kindPart = kind == Kind.PAUSE ? "pause" : "open";
    return namespace
        + ':'
        + kindPart
        + ':'
        + host
        + ':'
        + credential
        + (model == null ? "" : ":" + model);
  }

  private static boolean clean(String s) {
    return s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0;
  }
}
