package dev.rebound.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** What the numbers were measured on, and how busy it was: they mean little without it. */
record Machine(String cpu, int cores, String os, String jvm, String loadBefore, String loadAfter) {

  static Machine now(String loadBefore) {
    return new Machine(
        cpuModel(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        loadBefore,
        loadAverage());
  }

  /**
   * The 1, 5 and 15 minute load averages, as {@code uptime} prints them (Linux), else the JVM's
   * 1-minute figure.
   */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (Exception e) {
      return String.format(
          java.util.Locale.ROOT,
          "%.2f",
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown CPU");
    } catch (Exception e) {
      return "unknown CPU";
    }
  }
}
