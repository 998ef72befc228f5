package dev.rebound.agent.hook;

/**
 * Writes one hooked method: its code starts with the gate ({@link GateCode}), and everything that
 * points into the original code moves with it: the exception table, the stack map frames (with the
 * offsets of uninitialised objects in them), line numbers and local variable ranges. Attributes of
 * the code that hold offsets Rebound does not move (type annotations on instructions, unknown ones)
 * are dropped; the JVM does not need them to run the method. Confined to one patch.
 */
final class PatchedMethod {
  private static final int JAVA_6 = 50;
  private static final int FULL_FRAME = 255;
  private static final int SAME_FRAME_EXTENDED = 251;
  private static final int SAME_LOCALS_1_STACK_ITEM_EXTENDED = 247;
  private static final int UNINITIALIZED = 8;
  private static final int OBJECT = 7;

  private final ClassBytes in;
  private final ConstantPool pool;
  private final String owner;
  private final int major;
  private final boolean isStatic;

  PatchedMethod(ClassBytes in, ConstantPool pool, String owner, int major, boolean isStatic) {
    this.in = in;
    this.pool = pool;
    this.owner = owner;
    this.major = major;
    this.isStatic = isStatic;
  }

  /** Writes the {@code method_info} at [{@code start}, {@code end}) with its code patched. */
  void write(ByteSink out, int start, int end, HookRow row, int rowIndex, boolean direct) {
    String name = pool.utf8(in.u2(start + 2));
    String descriptor = pool.utf8(in.u2(start + 4));
    if (!row.onEntry() && name.equals("<init>")) {
      throw new IllegalStateException("a constructor can only be hooked on entry");
    }
    out.bytes(in.bytes(), start, 8);
    int p = start + 8;
    while (p < end) {
      int length = in.u4(p + 2);
      if (pool.utf8(in.u2(p)).equals("Code")) {
        GateCode.Prologue prologue =
            GateCode.write(pool, row.onEntry(), rowIndex, isStatic, descriptor, direct);
        ByteSink code = code(p + 6, prologue, descriptor);
        out.u2(in.u2(p)).u4(code.size()).bytes(code);
      } else {
        out.bytes(in.bytes(), p, 6 + length);
      }
      p += 6 + length;
    }
  }

  /** The body of the Code attribute at {@code c}, the prologue first. */
  private ByteSink code(int c, GateCode.Prologue prologue, String descriptor) {
    int shift = prologue.code().length;
    int codeLength = in.u4(c + 4);
    if (codeLength + shift > 0xFFFF) {
      throw new IllegalStateException("method too large to patch");
    }
    ByteSink out = new ByteSink(codeLength + 256);
    out.u2(Math.max(in.u2(c), GateCode.MAX_STACK)).u2(in.u2(c + 2)).u4(codeLength + shift);
    out.bytes(prologue.code(), 0, shift).bytes(in.bytes(), c + 8, codeLength);

    int exceptions = c + 8 + codeLength;
    int exceptionCount = in.u2(exceptions);
    boolean handles = prologue.handlerEnd() >= 0;
    out.u2(exceptionCount + (handles ? 1 : 0));
    if (handles) {
      out.u2(0).u2(prologue.handlerEnd()).u2(prologue.proceed());
      out.u2(pool.classRef("java/lang/Throwable"));
    }
    for (int i = 0, e = exceptions + 2; i < exceptionCount; i++, e += 8) {
      out.u2(in.u2(e) + shift).u2(in.u2(e + 2) + shift).u2(in.u2(e + 4) + shift).u2(in.u2(e + 6));
    }

    int attributes = exceptions + 2 + 8 * exceptionCount;
    int countAt = out.size();
    out.u2(0);
    int written = 0;
    boolean framesWritten = false;
    int p = attributes + 2;
    for (int i = in.u2(attributes); i > 0; i--) {
      int length = in.u4(p + 2);
      String name = pool.utf8(in.u2(p));
      int body = p + 6;
      switch (name) {
        case "StackMapTable" -> {
          ByteSink frames = frames(body, prologue, descriptor);
          out.u2(in.u2(p)).u4(frames.size()).bytes(frames);
          framesWritten = true;
          written++;
        }
        case "LineNumberTable" -> {
          out.bytes(in.bytes(), p, 8);
          for (int k = 0, e = body + 2; k < in.u2(body); k++, e += 4) {
            out.u2(in.u2(e) + shift).u2(in.u2(e + 2));
          }
          written++;
        }
        case "LocalVariableTable", "LocalVariableTypeTable" -> {
          out.bytes(in.bytes(), p, 8);
          for (int k = 0, e = body + 2; k < in.u2(body); k++, e += 10) {
            int startPc = in.u2(e);
            // Arguments live from the method's entry, the gate's code included.
            out.u2(startPc == 0 ? 0 : startPc + shift);
            out.u2(in.u2(e + 2) + (startPc == 0 ? shift : 0));
            out.bytes(in.bytes(), e + 4, 6);
          }
          written++;
        }
        default -> {
          // Type annotations on instructions and unknown attributes: offsets not moved, dropped.
        }
      }
      p = body + length;
    }
    if (!framesWritten && prologue.proceed() >= 0 && major >= JAVA_6) {
      ByteSink frames = new ByteSink(32);
      frames.u2(1);
      gateFrame(frames, prologue.proceed(), descriptor);
      out.u2(pool.utf8("StackMapTable")).u4(frames.size()).bytes(frames);
      written++;
    }
    out.setU2(countAt, written);
    return out;
  }

  /** The stack map frames: the gate's, then the original ones, moved by the prologue. */
  private ByteSink frames(int body, GateCode.Prologue prologue, String descriptor) {
    int shift = prologue.code().length;
    int count = in.u2(body);
    boolean gate = prologue.proceed() >= 0;
    ByteSink out = new ByteSink(in.u4(body - 4) + 32);
    out.u2(count + (gate ? 1 : 0));
    int previous = -1;
    if (gate) {
      gateFrame(out, prologue.proceed(), descriptor);
      previous = prologue.proceed();
    }
    int p = body + 2;
    int original = -1;
    for (int i = 0; i < count; i++) {
      int type = in.u1(p);
      int delta;
      int rest;
      if (type < 64) {
        delta = type;
        rest = p + 1;
      } else if (type < 128) {
        delta = type - 64;
        rest = p + 1;
      } else if (type >= SAME_LOCALS_1_STACK_ITEM_EXTENDED) {
        delta = in.u2(p + 1);
        rest = p + 3;
      } else {
        throw new IllegalStateException("reserved stack map frame type " + type);
      }
      original = original < 0 ? delta : original + delta + 1;
      int moved = original + shift;
      int newDelta = previous < 0 ? moved : moved - previous - 1;
      previous = moved;
      if (type < 64) {
        if (newDelta < 64) {
          out.u1(newDelta);
        } else {
          out.u1(SAME_FRAME_EXTENDED).u2(newDelta);
        }
        p = rest;
      } else if (type < 128) {
        if (newDelta < 64) {
          out.u1(64 + newDelta);
        } else {
          out.u1(SAME_LOCALS_1_STACK_ITEM_EXTENDED).u2(newDelta);
        }
        p = copyTypes(out, rest, 1, shift);
      } else if (type == SAME_LOCALS_1_STACK_ITEM_EXTENDED) {
        out.u1(type).u2(newDelta);
        p = copyTypes(out, rest, 1, shift);
      } else if (type <= SAME_FRAME_EXTENDED) {
        out.u1(type).u2(newDelta);
        p = rest;
      } else if (type < FULL_FRAME) {
        out.u1(type).u2(newDelta);
        p = copyTypes(out, rest, type - SAME_FRAME_EXTENDED, shift);
      } else {
        out.u1(type).u2(newDelta);
        int locals = in.u2(rest);
        out.u2(locals);
        p = copyTypes(out, rest + 2, locals, shift);
        int stack = in.u2(p);
        out.u2(stack);
        p = copyTypes(out, p + 2, stack, shift);
      }
    }
    return out;
  }

  /** Copies {@code n} verification types; an uninitialised object's {@code new} moved. */
  private int copyTypes(ByteSink out, int p, int n, int shift) {
    for (int i = 0; i < n; i++) {
      int tag = in.u1(p);
      out.u1(tag);
      if (tag == UNINITIALIZED) {
        out.u2(in.u2(p + 1) + shift);
        p += 3;
      } else if (tag == OBJECT) {
        out.u2(in.u2(p + 1));
        p += 3;
      } else {
        p += 1;
      }
    }
    return p;
  }

  /** The frame where the original body resumes: the entry's locals, the answer on the stack. */
  private void gateFrame(ByteSink out, int offset, String descriptor) {
    out.u1(FULL_FRAME).u2(offset);
    GateCode.entryLocals(out, pool, owner, isStatic, descriptor);
    GateCode.answerOnStack(out, pool);
  }
}
