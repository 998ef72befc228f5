package dev.rebound.bench;

import java.util.Arrays;
import java.util.List;

/** Medians and percentiles by the nearest-rank method: every reported number is a measured one. */
final class Stats {
  private Stats() {}

  static double percentile(long[] sorted, int count, double p) {
    if (count == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * count);
    return sorted[Math.max(0, Math.min(count - 1, rank - 1))];
  }

  static double median(List<Double> values) {
    double[] v =
        values.stream()
            .filter(d -> !Double.isNaN(d))
            .mapToDouble(Double::doubleValue)
            .sorted()
            .toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    // The mean of the middle two for an even count: with 2 or 4 rounds, neither is preferred.
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  static double percentileOf(List<Double> values, double p) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * v.length);
    return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
  }

  static long[] sortedCopy(long[] values, int count) {
    long[] copy = Arrays.copyOf(values, count);
    Arrays.sort(copy);
    return copy;
  }
}
