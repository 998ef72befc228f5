package dev.rebound.agent.instrument.jdk;

import dev.rebound.agent.hook.ByteSink;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.http.HttpResponse;

/**
 * Makes each attempt's {@link HeldBody} one the JDK client treats as its own. The JDK hands a body
 * subscriber it does not know to its executor before it asks it for the body's value, a thread
 * hand-off (and a wake-up) per attempt that the application's own call, with one of the JDK's
 * subscribers, does not pay. The JDK's own are marked by an interface of its internal package,
 * {@code ResponseSubscribers.TrustedSubscriber} (JDK 17 to 25), which Rebound's module can name
 * once {@link FacadeImpl} has opened that package. A subclass of {@code HeldBody} that adds only
 * that interface is written here, once, on a first managed call; where it cannot be (a JDK without
 * that interface, or whose interface declares an abstract method), attempts get plain {@code
 * HeldBody}s, which the JDK's executor serves as before. Thread-safe.
 */
final class TrustedBody {
  private static final String TRUSTED =
      "jdk/internal/net/http/ResponseSubscribers$TrustedSubscriber";

  /**
   * Where the subclass's static initializer leaves an instance of it: no reflection or method
   * handle is needed to make one (their first use spins classes, on a first managed call).
   */
  static HeldBody made;

  /** Makes the attempts' bodies: a trusted one, or a plain one if no subclass could be written. */
  private static final HeldBody MAKER = maker();

  private TrustedBody() {}

  static HeldBody make(boolean stream, int status, long announcedLength) {
    return MAKER.fresh(stream, status, announcedLength);
  }

  private static HeldBody maker() {
    try {
      Class<?> marker =
          Class.forName(TRUSTED.replace('/', '.'), false, HttpResponse.class.getClassLoader());
      // A marker that asks for a method of its own: the subclass would not implement it.
      if (noAbstractMethod(marker)) {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        lookup.ensureInitialized(lookup.defineClass(classFile()));
        HeldBody trusted = made;
        made = null;
        if (trusted != null) {
          return trusted;
        }
      }
    } catch (Exception | LinkageError e) {
      // No such interface, or not one Rebound may name: plain bodies, never a failed attempt.
    }
    return new HeldBody(false, 200, 0);
  }

  /** Whether the marker declares no abstract method, which {@code HeldBody} would not have. */
  static boolean noAbstractMethod(Class<?> marker) {
    for (Method m : marker.getDeclaredMethods()) {
      if (Modifier.isAbstract(m.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  /**
   * The subclass, as Java would write it:
   *
   * <pre>
   * final class HeldBody$Trusted extends HeldBody implements TrustedSubscriber {
   *   static { TrustedBody.made = new HeldBody$Trusted(false, 0, 0L); }
   *   HeldBody$Trusted(boolean stream, int status, long length) { super(stream, status, length); }
   *   HeldBody fresh(boolean stream, int status, long length) {
   *     return new HeldBody$Trusted(stream, status, length);
   *   }
   * }
   * </pre>
   */
  private static byte[] classFile() {
    String held = HeldBody.class.getName().replace('.', '/');
    ByteSink out = new ByteSink(512);
    out.u4(0xCAFEBABE).u2(0).u2(61); // Java 17
    out.u2(23); // constant pool entries + 1
    out.u1(1).utf(held + "$Trusted"); // 1
    out.u1(7).u2(1); // 2: this class
    out.u1(1).utf(held); // 3
    out.u1(7).u2(3); // 4: super class
    out.u1(1).utf(TRUSTED); // 5
    out.u1(7).u2(5); // 6: the interface
    out.u1(1).utf("<init>"); // 7
    out.u1(1).utf("(ZIJ)V"); // 8
    out.u1(12).u2(7).u2(8); // 9: <init>(ZIJ)V
    out.u1(10).u2(4).u2(9); // 10: HeldBody.<init>
    out.u1(1).utf("Code"); // 11
    out.u1(10).u2(2).u2(9); // 12: HeldBody$Trusted.<init>
    out.u1(1).utf("fresh"); // 13
    out.u1(1).utf("(ZIJ)L" + held + ";"); // 14
    out.u1(1).utf("<clinit>"); // 15
    out.u1(1).utf("()V"); // 16
    out.u1(1).utf(TrustedBody.class.getName().replace('.', '/')); // 17
    out.u1(7).u2(17); // 18: TrustedBody
    out.u1(1).utf("made"); // 19
    out.u1(1).utf("L" + held + ";"); // 20
    out.u1(12).u2(19).u2(20); // 21: made
    out.u1(9).u2(18).u2(21); // 22: TrustedBody.made
    out.u2(0x0030); // final, super
    out.u2(2).u2(4); // this, super
    out.u2(1).u2(6); // interfaces
    out.u2(0); // fields
    out.u2(3); // methods
    method(
        out, 0, 7, 8, 5, 5, 0x2a, // aload_0
        0x1b, // iload_1
        0x1c, // iload_2
        0x21, // lload_3
        0xb7, // invokespecial HeldBody.<init>
        0, 10, 0xb1); // return
    method(
        out, 0, 13, 14, 6, 5, 0xbb, // new HeldBody$Trusted
        0, 2, 0x59, // dup
        0x1b, // iload_1
        0x1c, // iload_2
        0x21, // lload_3
        0xb7, // invokespecial HeldBody$Trusted.<init>
        0, 12, 0xb0); // areturn
    method(
        out, 0x0008, // static
        15, 16, 6, 0, 0xbb, // new HeldBody$Trusted
        0, 2, 0x59, // dup
        0x03, // iconst_0
        0x03, // iconst_0
        0x09, // lconst_0
        0xb7, // invokespecial HeldBody$Trusted.<init>
        0, 12, 0xb3, // putstatic TrustedBody.made
        0, 22, 0xb1); // return
    out.u2(0); // class attributes
    return out.toByteArray();
  }

  /** One method with straight-line code (no branch, so no stack map) and no exception table. */
  private static void method(
      ByteSink out,
      int access,
      int name,
      int descriptor,
      int maxStack,
      int maxLocals,
      int... code) {
    out.u2(access).u2(name).u2(descriptor);
    out.u2(1).u2(11).u4(12 + code.length); // one attribute: Code
    out.u2(maxStack).u2(maxLocals).u4(code.length);
    for (int b : code) {
      out.u1(b);
    }
    out.u2(0).u2(0); // exception table, attributes
  }
}
