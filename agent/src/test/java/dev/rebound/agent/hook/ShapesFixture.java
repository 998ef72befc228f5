package dev.rebound.agent.hook;

import java.util.Arrays;

/**
 * Methods of the shapes a patch must keep intact (frames at the first instruction, switches whose
 * padding depends on their offset, exception handlers, objects not yet initialised across a branch,
 * arguments of every type): patched, each must still answer as it did.
 */
public class ShapesFixture {
  private final String made;
  private int counter;

  public ShapesFixture() {
    this("plain");
  }

  public ShapesFixture(int n) {
    // An uninitialised Holder on the stack across a branch, before this(...).
    this(new Holder(n > 0 ? n : -n).toString());
  }

  public ShapesFixture(String made) {
    this.made = made;
  }

  public String made() {
    return made;
  }

  public static String arguments(
      long a, int b, double c, float d, boolean e, char f, byte g, short h, Object[] i, int[][] j) {
    return a
        + ","
        + b
        + ","
        + c
        + ","
        + d
        + ","
        + e
        + ","
        + f
        + ","
        + g
        + ","
        + h
        + ","
        + Arrays.toString(i)
        + ","
        + Arrays.deepToString(j);
  }

  /** A loop whose header is the first instruction: a frame at offset 0. */
  public int loopFromTheStart(int n) {
    while (n > 10) {
      n -= 3;
    }
    return n;
  }

  public String tableSwitch(int k) {
    switch (k) {
      case 0:
        return "a";
      case 1:
        return "b";
      case 2:
        return "c";
      case 3:
        return "d";
      default:
        return "z";
    }
  }

  public String lookupSwitch(int k) {
    switch (k) {
      case -5:
        return "minus";
      case 7:
        return "seven";
      case 100000:
        return "large";
      default:
        return "other";
    }
  }

  public int caught(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -1;
    } finally {
      counter++;
    }
  }

  public Object uninitialisedAcrossABranch(boolean flag) {
    return new Holder(flag ? 1 : 2);
  }

  public void nothing() {
    counter++;
  }

  public int counter() {
    return counter;
  }

  public static double[] doubled(double[] in) {
    double[] out = new double[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = in[i] * 2;
    }
    return out;
  }

  public long widened(long a, double b) {
    return a + (long) b;
  }

  public static final class Holder {
    private final int value;

    public Holder(int value) {
      this.value = value;
    }

    @Override
    public String toString() {
      return "holder" + value;
    }
  }
}
