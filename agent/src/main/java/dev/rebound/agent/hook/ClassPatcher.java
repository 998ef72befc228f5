package dev.rebound.agent.hook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Patches one class: each method named by a row gets the row's shape ({@link GateCall}), every
 * other byte stays as it was. Plain ASM (the copy inside Byte Buddy's jar): the cheapest way
 * measured to patch a handful of methods, since nothing else of Byte Buddy loads. Max stack and
 * locals are recomputed; stack map frames are not (that would load classes from inside the
 * transformer): the patch writes the one frame it adds itself. Stateless.
 */
final class ClassPatcher {
  private ClassPatcher() {}

  /**
   * @param rows the rows of this class, by {@code name + descriptor}, with their indexes in {@link
   *     HookTable#ROWS}
   * @param direct true when the class's loader sees {@link Gate} (an {@code invokestatic}), false
   *     when the gate is reached through a dynamic constant (class files of Java 11 and later)
   * @return the patched class, and in {@code missed} the rows whose method the class does not have
   */
  static byte[] patch(
      byte[] bytes, Map<String, Integer> rows, boolean direct, List<String> missed) {
    ClassReader reader = new ClassReader(bytes);
    ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
    List<String> found = new ArrayList<>();
    reader.accept(new Patching(writer, rows, direct, found), 0);
    for (String method : rows.keySet()) {
      if (!found.contains(method)) {
        missed.add(method);
      }
    }
    return found.isEmpty() ? null : writer.toByteArray();
  }

  private static final class Patching extends ClassVisitor {
    private final Map<String, Integer> rows;
    private final boolean direct;
    private final List<String> found;
    private String owner;

    Patching(ClassVisitor next, Map<String, Integer> rows, boolean direct, List<String> found) {
      super(Opcodes.ASM9, next);
      this.rows = rows;
      this.direct = direct;
      this.found = found;
    }

    @Override
    public void visit(
        int version,
        int access,
        String name,
        String signature,
        String superName,
        String[] interfaces) {
      this.owner = name;
      if (!direct && (version & 0xFFFF) < Opcodes.V11) {
        throw new IllegalStateException(
            "its class loader cannot see Rebound and its class file predates Java 11");
      }
      super.visit(version, access, name, signature, superName, interfaces);
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
      Integer row = rows.get(name + descriptor);
      if (row == null || (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
        return next;
      }
      found.add(name + descriptor);
      HookRow hook = HookTable.ROWS.get(row);
      boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
      return new GateCall(next, hook.shape(), row, owner, isStatic, descriptor, direct);
    }
  }
}
