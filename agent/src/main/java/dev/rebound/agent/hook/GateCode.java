package dev.rebound.agent.hook;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes the one shape of every hook, the code put before a method's original first instruction:
 *
 * <pre>{@code
 * Object answer = Gate.around(row, this, new Object[] {args...});
 * if (answer != null) return (R) answer;     // AROUND only; Gate throws what is to be thrown
 * ...original body...
 * }</pre>
 *
 * Where the class cannot see Rebound (the JDK's own), the gate is {@link Gate#AS_FUNCTION}, a
 * {@code java.util.function.Function} the class fetches by reflection through the system class
 * loader, {@code (Function) ClassLoader.getSystemClassLoader().loadClass(Gate).getField(
 * "AS_FUNCTION").get(null)}, and asks with {@code apply(new Object[] {row, this, args})}: JDK types
 * and plain calls only, nothing on the boot class path, no change to any module, and no method
 * handle (a dynamic constant resolved through {@code ConstantBootstraps} cost the first call about
 * 14 ms of generated classes). If the fetch fails, the original body runs. Stateless.
 */
final class GateCode {
  static final String AROUND = "(ILjava/lang/Object;[Ljava/lang/Object;)Ljava/lang/Object;";
  private static final String OBJECT = "java/lang/Object";
  private static final String FUNCTION = "java/util/function/Function";

  /**
   * What the gate needs on the stack at most: the function, its array, dup, index, then the
   * arguments' array, dup, index and a long (the fetch of the function needs three).
   */
  static final int MAX_STACK = 9;

  private static final int NOP = 0x00;
  private static final int ACONST_NULL = 0x01;
  private static final int ICONST_0 = 0x03;
  private static final int BIPUSH = 0x10;
  private static final int SIPUSH = 0x11;
  private static final int LDC_W = 0x13;
  private static final int ILOAD = 0x15;
  private static final int LLOAD = 0x16;
  private static final int FLOAD = 0x17;
  private static final int DLOAD = 0x18;
  private static final int ALOAD = 0x19;
  private static final int AASTORE = 0x53;
  private static final int POP = 0x57;
  private static final int DUP = 0x59;
  private static final int IRETURN = 0xAC;
  private static final int LRETURN = 0xAD;
  private static final int FRETURN = 0xAE;
  private static final int DRETURN = 0xAF;
  private static final int ARETURN = 0xB0;
  private static final int RETURN = 0xB1;
  private static final int INVOKEVIRTUAL = 0xB6;
  private static final int INVOKESTATIC = 0xB8;
  private static final int INVOKEINTERFACE = 0xB9;
  private static final int ANEWARRAY = 0xBD;
  private static final int CHECKCAST = 0xC0;
  private static final int IFNULL = 0xC6;

  private GateCode() {}

  /**
   * The code a method starts with, padded with {@code nop}s to a multiple of four bytes so that the
   * alignment of the original {@code tableswitch}es and {@code lookupswitch}es holds.
   *
   * @param proceed where the original body is resumed after a null answer, with the answer (or,
   *     from the handler, the exception) on the stack: the one place that needs a stack map frame;
   *     -1 for an on-entry hook ({@link HookRow#onEntry})
   * @param handlerEnd for a gate fetched by reflection, the end of the range whose failure resumes
   *     the original body at {@code proceed}; else -1
   */
  record Prologue(byte[] code, int proceed, int handlerEnd) {}

  /**
   * @param direct true when the class reaches {@link Gate} by an {@code invokestatic}, false when
   *     it fetches {@link Gate#AS_FUNCTION}
   */
  static Prologue write(
      ConstantPool pool,
      boolean onEntry,
      int row,
      boolean isStatic,
      String descriptor,
      boolean direct) {
    ByteSink code = new ByteSink(96);
    if (onEntry) {
      if (!direct) {
        // A constructor's exception handler before super() cannot be verified on every JVM.
        throw new IllegalStateException("an on-entry hook needs a class loader that sees Rebound");
      }
      askGate(code, pool, row, false, isStatic, descriptor);
      code.u1(POP);
      return new Prologue(padded(code), -1, -1);
    }
    int handlerEnd;
    if (direct) {
      handlerEnd = -1;
      askGate(code, pool, row, !isStatic, isStatic, descriptor);
    } else {
      handlerEnd = fetchGate(code, pool);
      askFunction(code, pool, row, !isStatic, isStatic, descriptor);
    }
    code.u1(DUP);
    int branch = code.size();
    code.u1(IFNULL).u2(0);
    returnAnswer(code, pool, returnType(descriptor));
    int proceed = code.size();
    code.setU2(branch + 1, proceed - branch);
    code.u1(POP);
    return new Prologue(padded(code), proceed, handlerEnd);
  }

  /**
   * The verification types of a frame at the method's entry ({@code this}, then the arguments),
   * encoded as in a {@code StackMapTable}, preceded by their count.
   */
  static void entryLocals(
      ByteSink out, ConstantPool pool, String owner, boolean isStatic, String descriptor) {
    List<String> args = argumentTypes(descriptor);
    out.u2(args.size() + (isStatic ? 0 : 1));
    if (!isStatic) {
      out.u1(7).u2(pool.classRef(owner));
    }
    for (String arg : args) {
      switch (arg.charAt(0)) {
        case 'Z', 'C', 'B', 'S', 'I' -> out.u1(1);
        case 'F' -> out.u1(2);
        case 'D' -> out.u1(3);
        case 'J' -> out.u1(4);
        case '[' -> out.u1(7).u2(pool.classRef(arg));
        default -> out.u1(7).u2(pool.classRef(arg.substring(1, arg.length() - 1)));
      }
    }
  }

  /** The one verification type of the frame's stack: the answer or the exception. */
  static void answerOnStack(ByteSink out, ConstantPool pool) {
    out.u2(1).u1(7).u2(pool.classRef(OBJECT));
  }

  /** Pushes {@link Gate#AS_FUNCTION}, fetched by reflection; returns where the fetch ends. */
  private static int fetchGate(ByteSink code, ConstantPool pool) {
    code.u1(INVOKESTATIC)
        .u2(
            pool.methodRef(
                "java/lang/ClassLoader", "getSystemClassLoader", "()Ljava/lang/ClassLoader;"));
    code.u1(LDC_W).u2(pool.string(Gate.class.getName()));
    code.u1(INVOKEVIRTUAL)
        .u2(
            pool.methodRef(
                "java/lang/ClassLoader", "loadClass", "(Ljava/lang/String;)Ljava/lang/Class;"));
    code.u1(LDC_W).u2(pool.string("AS_FUNCTION"));
    code.u1(INVOKEVIRTUAL)
        .u2(
            pool.methodRef(
                "java/lang/Class", "getField", "(Ljava/lang/String;)Ljava/lang/reflect/Field;"));
    code.u1(ACONST_NULL);
    code.u1(INVOKEVIRTUAL)
        .u2(
            pool.methodRef(
                "java/lang/reflect/Field", "get", "(Ljava/lang/Object;)Ljava/lang/Object;"));
    code.u1(CHECKCAST).u2(pool.classRef(FUNCTION));
    return code.size();
  }

  /** Pushes {@code Gate.around(row, self, args)}. */
  private static void askGate(
      ByteSink code,
      ConstantPool pool,
      int row,
      boolean passThis,
      boolean isStatic,
      String descriptor) {
    pushInt(code, row);
    pushSelf(code, passThis);
    pushArguments(code, pool, isStatic, descriptor);
    code.u1(INVOKESTATIC)
        .u2(pool.methodRef(Gate.class.getName().replace('.', '/'), "around", AROUND));
  }

  /** With the function pushed, pushes {@code function.apply(new Object[] {row, self, args})}. */
  private static void askFunction(
      ByteSink code,
      ConstantPool pool,
      int row,
      boolean passThis,
      boolean isStatic,
      String descriptor) {
    pushInt(code, 3);
    code.u1(ANEWARRAY).u2(pool.classRef(OBJECT));
    code.u1(DUP);
    pushInt(code, 0);
    pushInt(code, row);
    box(code, pool, 'I');
    code.u1(AASTORE);
    code.u1(DUP);
    pushInt(code, 1);
    pushSelf(code, passThis);
    code.u1(AASTORE);
    code.u1(DUP);
    pushInt(code, 2);
    pushArguments(code, pool, isStatic, descriptor);
    code.u1(AASTORE);
    code.u1(INVOKEINTERFACE)
        .u2(pool.interfaceMethodRef(FUNCTION, "apply", "(Ljava/lang/Object;)Ljava/lang/Object;"))
        .u1(2)
        .u1(0);
  }

  private static void pushSelf(ByteSink code, boolean passThis) {
    if (passThis) {
      code.u1(ALOAD).u1(0);
    } else {
      code.u1(ACONST_NULL);
    }
  }

  /** Pushes a new {@code Object[]} of the method's arguments, primitives boxed. */
  private static void pushArguments(
      ByteSink code, ConstantPool pool, boolean isStatic, String descriptor) {
    List<String> args = argumentTypes(descriptor);
    pushInt(code, args.size());
    code.u1(ANEWARRAY).u2(pool.classRef(OBJECT));
    int slot = isStatic ? 0 : 1;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      code.u1(DUP);
      pushInt(code, i);
      load(code, arg.charAt(0), slot);
      box(code, pool, arg.charAt(0));
      code.u1(AASTORE);
      slot += arg.equals("J") || arg.equals("D") ? 2 : 1;
    }
  }

  private static void returnAnswer(ByteSink code, ConstantPool pool, String type) {
    char sort = type.charAt(0);
    switch (sort) {
      case 'V' -> code.u1(POP).u1(RETURN);
      case 'L' ->
          code.u1(CHECKCAST).u2(pool.classRef(type.substring(1, type.length() - 1))).u1(ARETURN);
      case '[' -> code.u1(CHECKCAST).u2(pool.classRef(type)).u1(ARETURN);
      default -> {
        String boxed = boxed(sort);
        code.u1(CHECKCAST).u2(pool.classRef(boxed));
        code.u1(INVOKEVIRTUAL)
            .u2(pool.methodRef(boxed, primitiveName(sort) + "Value", "()" + sort));
        code.u1(
            switch (sort) {
              case 'J' -> LRETURN;
              case 'F' -> FRETURN;
              case 'D' -> DRETURN;
              default -> IRETURN;
            });
      }
    }
  }

  private static void load(ByteSink code, char sort, int slot) {
    int opcode =
        switch (sort) {
          case 'J' -> LLOAD;
          case 'F' -> FLOAD;
          case 'D' -> DLOAD;
          case 'L', '[' -> ALOAD;
          default -> ILOAD;
        };
    // A method has at most 255 slots of arguments, this included: never a wide load.
    code.u1(opcode).u1(slot);
  }

  private static void box(ByteSink code, ConstantPool pool, char sort) {
    if (sort == 'L' || sort == '[') {
      return;
    }
    String boxed = boxed(sort);
    code.u1(INVOKESTATIC).u2(pool.methodRef(boxed, "valueOf", "(" + sort + ")L" + boxed + ";"));
  }

  private static String boxed(char sort) {
    return switch (sort) {
      case 'Z' -> "java/lang/Boolean";
      case 'C' -> "java/lang/Character";
      case 'B' -> "java/lang/Byte";
      case 'S' -> "java/lang/Short";
      case 'I' -> "java/lang/Integer";
      case 'F' -> "java/lang/Float";
      case 'J' -> "java/lang/Long";
      case 'D' -> "java/lang/Double";
      default -> throw new IllegalArgumentException("not a primitive: " + sort);
    };
  }

  private static String primitiveName(char sort) {
    return switch (sort) {
      case 'Z' -> "boolean";
      case 'C' -> "char";
      case 'B' -> "byte";
      case 'S' -> "short";
      case 'I' -> "int";
      case 'F' -> "float";
      case 'J' -> "long";
      case 'D' -> "double";
      default -> throw new IllegalArgumentException("not a primitive: " + sort);
    };
  }

  private static void pushInt(ByteSink code, int value) {
    if (value >= -1 && value <= 5) {
      code.u1(ICONST_0 + value);
    } else if (value <= Byte.MAX_VALUE) {
      code.u1(BIPUSH).u1(value);
    } else {
      code.u1(SIPUSH).u2(value);
    }
  }

  private static byte[] padded(ByteSink code) {
    while (code.size() % 4 != 0) {
      code.u1(NOP);
    }
    return code.toByteArray();
  }

  /** The descriptors of a method descriptor's arguments, in order. */
  static List<String> argumentTypes(String descriptor) {
    List<String> types = new ArrayList<>();
    int i = 1;
    while (descriptor.charAt(i) != ')') {
      int start = i;
      while (descriptor.charAt(i) == '[') {
        i++;
      }
      i = descriptor.charAt(i) == 'L' ? descriptor.indexOf(';', i) + 1 : i + 1;
      types.add(descriptor.substring(start, i));
    }
    return types;
  }

  private static String returnType(String descriptor) {
    return descriptor.substring(descriptor.indexOf(')') + 1);
  }
}
