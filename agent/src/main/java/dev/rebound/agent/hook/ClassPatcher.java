package dev.rebound.agent.hook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Patches one class: each method named by a row starts with the row's shape ({@link GateCode}), and
 * every other byte of the class stays as it was. It reads and writes the class file itself,
 * touching only the pool (entries appended) and the patched methods' code: a few small classes to
 * load on the first hooked class, where a bytecode library costs dozens and the time to load them
 * on the application's first use of its client. Stack map frames are kept, shifted, and the one
 * frame the patch needs is written; nothing is loaded from inside the transformer. Stateless.
 */
final class ClassPatcher {
  private static final int ACC_STATIC = 0x0008;
  private static final int ACC_NATIVE = 0x0100;
  private static final int ACC_ABSTRACT = 0x0400;

  private ClassPatcher() {}

  /**
   * @param rows the rows of this class, by {@code name + descriptor}, with their indexes in {@link
   *     HookTable#ROWS}
   * @param direct true when the class's loader sees {@link Gate} (an {@code invokestatic}), false
   *     when the class fetches the gate by reflection
   * @return the patched class, and in {@code missed} the rows whose method the class does not have
   */
  static byte[] patch(
      byte[] bytes, Map<String, Integer> rows, boolean direct, List<String> missed) {
    ClassBytes in = new ClassBytes(bytes);
    if (in.u4(0) != 0xCAFEBABE) {
      throw new IllegalStateException("not a class file");
    }
    int major = in.u2(6);
    ConstantPool pool = new ConstantPool(in);
    String owner = pool.className(in.u2(pool.end + 2));
    int fields = pool.end + 8 + 2 * in.u2(pool.end + 6);
    int methods = skipMembers(in, fields);
    int attributes = skipMembers(in, methods);

    ByteSink patchedMethods = new ByteSink(attributes - methods + 1024);
    List<String> found = new ArrayList<>();
    int count = in.u2(methods);
    patchedMethods.u2(count);
    int p = methods + 2;
    for (int i = 0; i < count; i++) {
      int end = in.skipAttributes(p + 6);
      int access = in.u2(p);
      String method = pool.utf8(in.u2(p + 2)) + pool.utf8(in.u2(p + 4));
      Integer row = rows.get(method);
      if (row == null || (access & (ACC_ABSTRACT | ACC_NATIVE)) != 0) {
        patchedMethods.bytes(bytes, p, end - p);
      } else {
        found.add(method);
        new PatchedMethod(in, pool, owner, major, (access & ACC_STATIC) != 0)
            .write(patchedMethods, p, end, HookTable.ROWS.get(row), row, direct);
      }
      p = end;
    }
    for (String method : rows.keySet()) {
      if (!found.contains(method)) {
        missed.add(method);
      }
    }
    if (found.isEmpty()) {
      return null;
    }

    ByteSink out = new ByteSink(bytes.length + 1024);
    out.bytes(bytes, 0, 8);
    pool.writeTo(out);
    out.bytes(bytes, pool.end, methods - pool.end);
    out.bytes(patchedMethods);
    out.bytes(bytes, attributes, bytes.length - attributes);
    return out.toByteArray();
  }

  /** The offset past the fields or methods whose count is at {@code offset}. */
  private static int skipMembers(ClassBytes in, int offset) {
    int count = in.u2(offset);
    int p = offset + 2;
    for (int i = 0; i < count; i++) {
      p = in.skipAttributes(p + 6);
    }
    return p;
  }
}
