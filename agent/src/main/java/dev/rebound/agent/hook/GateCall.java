package dev.rebound.agent.hook;

import net.bytebuddy.jar.asm.ConstantDynamic;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Writes the one shape of every hook at the start of a method, before its original first
 * instruction:
 *
 * <pre>{@code
 * Object answer = Gate.around(row, this, new Object[] {args...});
 * if (answer != null) return (R) answer;     // AROUND only; Gate throws what is to be thrown
 * ...original body...
 * }</pre>
 *
 * Where the class cannot see Rebound, {@code Gate.around} is a method handle that the class
 * resolves once, by itself, through the system class loader (a chain of dynamic constants over
 * {@code ConstantBootstraps.invoke}): JDK types only, nothing on the boot class path, and no lookup
 * per call. If that resolution fails, the original body runs.
 */
final class GateCall extends MethodVisitor {
  private static final String GATE = "dev/rebound/agent/hook/Gate";
  private static final String AROUND = "(ILjava/lang/Object;[Ljava/lang/Object;)Ljava/lang/Object;";
  private static final ConstantDynamic GATE_HANDLE = gateHandle();

  private final HookRow.Shape shape;
  private final int row;
  private final String owner;
  private final boolean isStatic;
  private final String descriptor;
  private final boolean direct;

  GateCall(
      MethodVisitor next,
      HookRow.Shape shape,
      int row,
      String owner,
      boolean isStatic,
      String descriptor,
      boolean direct) {
    super(Opcodes.ASM9, next);
    this.shape = shape;
    this.row = row;
    this.owner = owner;
    this.isStatic = isStatic;
    this.descriptor = descriptor;
    this.direct = direct;
  }

  @Override
  public void visitCode() {
    super.visitCode();
    if (shape == HookRow.Shape.ON_ENTRY) {
      if (!direct) {
        // A constructor's exception handler before super() cannot be verified on every JVM.
        throw new IllegalStateException("an on-entry hook needs a class loader that sees Rebound");
      }
      askGate(false);
      super.visitInsn(Opcodes.POP);
      return;
    }
    Label proceed = new Label();
    if (!direct) {
      Label start = new Label();
      Label end = new Label();
      super.visitTryCatchBlock(start, end, proceed, "java/lang/Throwable");
      super.visitLabel(start);
      super.visitLdcInsn(GATE_HANDLE);
      super.visitLabel(end);
    }
    askGate(!isStatic);
    super.visitInsn(Opcodes.DUP);
    super.visitJumpInsn(Opcodes.IFNULL, proceed);
    returnAnswer(Type.getReturnType(descriptor));
    super.visitLabel(proceed);
    // The one frame the patch adds: the method's entry locals, the null answer (or, from the
    // handler, the exception) on the stack; both are dropped before the original body.
    Object[] locals = entryLocals();
    super.visitFrame(Opcodes.F_FULL, locals.length, locals, 1, new Object[] {"java/lang/Object"});
    super.visitInsn(Opcodes.POP);
  }

  /** Pushes {@code Gate.around(row, self, args)}; with a handle, the handle is already pushed. */
  private void askGate(boolean passThis) {
    pushInt(row);
    if (passThis) {
      super.visitVarInsn(Opcodes.ALOAD, 0);
    } else {
      super.visitInsn(Opcodes.ACONST_NULL);
    }
    Type[] args = Type.getArgumentTypes(descriptor);
    pushInt(args.length);
    super.visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/Object");
    int slot = isStatic ? 0 : 1;
    for (int i = 0; i < args.length; i++) {
      super.visitInsn(Opcodes.DUP);
      pushInt(i);
      super.visitVarInsn(args[i].getOpcode(Opcodes.ILOAD), slot);
      box(args[i]);
      super.visitInsn(Opcodes.AASTORE);
      slot += args[i].getSize();
    }
    if (direct) {
      super.visitMethodInsn(Opcodes.INVOKESTATIC, GATE, "around", AROUND, false);
    } else {
      super.visitMethodInsn(
          Opcodes.INVOKEVIRTUAL, "java/lang/invoke/MethodHandle", "invokeExact", AROUND, false);
    }
  }

  private void returnAnswer(Type type) {
    switch (type.getSort()) {
      case Type.VOID:
        super.visitInsn(Opcodes.POP);
        super.visitInsn(Opcodes.RETURN);
        return;
      case Type.OBJECT:
      case Type.ARRAY:
        super.visitTypeInsn(Opcodes.CHECKCAST, type.getInternalName());
        super.visitInsn(Opcodes.ARETURN);
        return;
      default:
        Type boxed = boxed(type);
        super.visitTypeInsn(Opcodes.CHECKCAST, boxed.getInternalName());
        super.visitMethodInsn(
            Opcodes.INVOKEVIRTUAL,
            boxed.getInternalName(),
            type.getClassName() + "Value",
            "()" + type.getDescriptor(),
            false);
        super.visitInsn(type.getOpcode(Opcodes.IRETURN));
    }
  }

  private void box(Type type) {
    if (type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY) {
      return;
    }
    Type boxed = boxed(type);
    super.visitMethodInsn(
        Opcodes.INVOKESTATIC,
        boxed.getInternalName(),
        "valueOf",
        "(" + type.getDescriptor() + ")" + boxed.getDescriptor(),
        false);
  }

  private static Type boxed(Type primitive) {
    switch (primitive.getSort()) {
      case Type.BOOLEAN:
        return Type.getObjectType("java/lang/Boolean");
      case Type.CHAR:
        return Type.getObjectType("java/lang/Character");
      case Type.BYTE:
        return Type.getObjectType("java/lang/Byte");
      case Type.SHORT:
        return Type.getObjectType("java/lang/Short");
      case Type.INT:
        return Type.getObjectType("java/lang/Integer");
      case Type.FLOAT:
        return Type.getObjectType("java/lang/Float");
      case Type.LONG:
        return Type.getObjectType("java/lang/Long");
      case Type.DOUBLE:
        return Type.getObjectType("java/lang/Double");
      default:
        throw new IllegalArgumentException("not a primitive: " + primitive);
    }
  }

  /** The locals of a frame at the method's entry: {@code this}, then the arguments. */
  private Object[] entryLocals() {
    Type[] args = Type.getArgumentTypes(descriptor);
    Object[] locals = new Object[args.length + (isStatic ? 0 : 1)];
    int i = 0;
    if (!isStatic) {
      locals[i++] = owner;
    }
    for (Type arg : args) {
      locals[i++] = frameType(arg);
    }
    return locals;
  }

  private static Object frameType(Type type) {
    switch (type.getSort()) {
      case Type.BOOLEAN:
      case Type.CHAR:
      case Type.BYTE:
      case Type.SHORT:
      case Type.INT:
        return Opcodes.INTEGER;
      case Type.FLOAT:
        return Opcodes.FLOAT;
      case Type.LONG:
        return Opcodes.LONG;
      case Type.DOUBLE:
        return Opcodes.DOUBLE;
      case Type.ARRAY:
        return type.getDescriptor();
      default:
        return type.getInternalName();
    }
  }

  private void pushInt(int value) {
    if (value >= -1 && value <= 5) {
      super.visitInsn(Opcodes.ICONST_0 + value);
    } else if (value <= Byte.MAX_VALUE) {
      super.visitIntInsn(Opcodes.BIPUSH, value);
    } else {
      super.visitIntInsn(Opcodes.SIPUSH, value);
    }
  }

  /**
   * {@code MethodHandles.publicLookup().findStatic(ClassLoader.getSystemClassLoader()
   * .loadClass("dev.rebound.agent.hook.Gate"), "around", AROUND)}, as constants the JVM resolves
   * once per patched class and caches.
   */
  private static ConstantDynamic gateHandle() {
    Handle invoke =
        new Handle(
            Opcodes.H_INVOKESTATIC,
            "java/lang/invoke/ConstantBootstraps",
            "invoke",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;"
                + "Ljava/lang/invoke/MethodHandle;[Ljava/lang/Object;)Ljava/lang/Object;",
            false);
    ConstantDynamic systemLoader =
        new ConstantDynamic(
            "systemLoader",
            "Ljava/lang/ClassLoader;",
            invoke,
            new Handle(
                Opcodes.H_INVOKESTATIC,
                "java/lang/ClassLoader",
                "getSystemClassLoader",
                "()Ljava/lang/ClassLoader;",
                false));
    ConstantDynamic gate =
        new ConstantDynamic(
            "reboundGate",
            "Ljava/lang/Class;",
            invoke,
            new Handle(
                Opcodes.H_INVOKEVIRTUAL,
                "java/lang/ClassLoader",
                "loadClass",
                "(Ljava/lang/String;)Ljava/lang/Class;",
                false),
            systemLoader,
            GATE.replace('/', '.'));
    ConstantDynamic lookup =
        new ConstantDynamic(
            "publicLookup",
            "Ljava/lang/invoke/MethodHandles$Lookup;",
            invoke,
            new Handle(
                Opcodes.H_INVOKESTATIC,
                "java/lang/invoke/MethodHandles",
                "publicLookup",
                "()Ljava/lang/invoke/MethodHandles$Lookup;",
                false));
    return new ConstantDynamic(
        "reboundAround",
        "Ljava/lang/invoke/MethodHandle;",
        invoke,
        new Handle(
            Opcodes.H_INVOKEVIRTUAL,
            "java/lang/invoke/MethodHandles$Lookup",
            "findStatic",
            "(Ljava/lang/Class;Ljava/lang/String;Ljava/lang/invoke/MethodType;)"
                + "Ljava/lang/invoke/MethodHandle;",
            false),
        lookup,
        gate,
        "around",
        Type.getMethodType(AROUND));
  }
}
