package dev.rebound.it.support;

import java.util.List;

/** Reads the lines of a forked JVM's {@code -Xlog:class+load} file. */
public final class ClassLoadLog {
  private ClassLoadLog() {}

  /**
   * The index of the first line that loads {@code className} (end it with a space to exclude longer
   * names), or -1 when none does: which of two classes loaded first.
   */
  public static int indexOf(List<String> loads, String className) {
    for (int i = 0; i < loads.size(); i++) {
      if (loads.get(i).contains("] " + className)) {
        return i;
      }
    }
    return -1;
  }
}
