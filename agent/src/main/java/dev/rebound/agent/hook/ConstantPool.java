package dev.rebound.agent.hook;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A class file's constant pool: reads the entries the class has and appends those a patch needs
 * (each at most once), leaving every existing entry at its index. Confined to one patch.
 */
final class ConstantPool {
  private static final int UTF8 = 1;
  private static final int INTEGER = 3;
  private static final int FLOAT = 4;
  private static final int LONG = 5;
  private static final int DOUBLE = 6;
  private static final int CLASS = 7;
  private static final int STRING = 8;
  private static final int FIELD_REF = 9;
  private static final int METHOD_REF = 10;
  private static final int INTERFACE_METHOD_REF = 11;
  private static final int NAME_AND_TYPE = 12;
  private static final int METHOD_HANDLE = 15;
  private static final int METHOD_TYPE = 16;
  private static final int DYNAMIC = 17;
  private static final int INVOKE_DYNAMIC = 18;
  private static final int MODULE = 19;
  private static final int PACKAGE = 20;

  private final ClassBytes in;

  /** The offset of each entry's tag, by index; 0 for index 0 and a long's or double's second. */
  private final int[] offsets;

  /** The offset just past the pool. */
  final int end;

  private int count;
  private final ByteSink added = new ByteSink(512);
  private final Map<String, Integer> addedIndexes = new HashMap<>();

  ConstantPool(ClassBytes in) {
    this.in = in;
    count = in.u2(8);
    offsets = new int[count];
    int p = 10;
    for (int i = 1; i < count; i++) {
      offsets[i] = p;
      int tag = in.u1(p);
      switch (tag) {
        case UTF8 -> p += 3 + in.u2(p + 1);
        case CLASS, STRING, METHOD_TYPE, MODULE, PACKAGE -> p += 3;
        case METHOD_HANDLE -> p += 4;
        case INTEGER,
            FLOAT,
            FIELD_REF,
            METHOD_REF,
            INTERFACE_METHOD_REF,
            NAME_AND_TYPE,
            DYNAMIC,
            INVOKE_DYNAMIC ->
            p += 5;
        case LONG, DOUBLE -> {
          p += 9;
          i++;
        }
        default -> throw new IllegalStateException("unknown constant pool tag " + tag);
      }
    }
    end = p;
  }

  /** The string of a {@code CONSTANT_Utf8} entry the class has. */
  String utf8(int index) {
    int p = offsets[index];
    if (in.u1(p) != UTF8) {
      throw new IllegalStateException("constant " + index + " is not a Utf8");
    }
    int length = in.u2(p + 1);
    byte[] bytes = in.bytes();
    for (int i = p + 3; i < p + 3 + length; i++) {
      if (bytes[i] <= 0) {
        return modifiedUtf8(bytes, p + 1);
      }
    }
    return new String(bytes, p + 3, length, StandardCharsets.ISO_8859_1);
  }

  /** The internal name a {@code CONSTANT_Class} entry of the class names. */
  String className(int index) {
    return utf8(in.u2(offsets[index] + 1));
  }

  int utf8(String value) {
    Integer known = addedIndexes.get("U" + value);
    if (known != null) {
      return known;
    }
    added.u1(UTF8).utf(value);
    return added("U" + value);
  }

  int classRef(String internalName) {
    return entry("C" + internalName, CLASS, utf8(internalName), -1);
  }

  int string(String value) {
    return entry("S" + value, STRING, utf8(value), -1);
  }

  int methodRef(String owner, String name, String descriptor) {
    int nameAndType = nameAndType(name, descriptor);
    return entry("M" + owner + '.' + name + descriptor, METHOD_REF, classRef(owner), nameAndType);
  }

  int interfaceMethodRef(String owner, String name, String descriptor) {
    int nameAndType = nameAndType(name, descriptor);
    return entry(
        "I" + owner + '.' + name + descriptor, INTERFACE_METHOD_REF, classRef(owner), nameAndType);
  }

  private int nameAndType(String name, String descriptor) {
    return entry("N" + name + ' ' + descriptor, NAME_AND_TYPE, utf8(name), utf8(descriptor));
  }

  /** An entry of one or two u2 fields ({@code second} -1: one). */
  private int entry(String key, int tag, int first, int second) {
    Integer known = addedIndexes.get(key);
    if (known != null) {
      return known;
    }
    added.u1(tag).u2(first);
    if (second >= 0) {
      added.u2(second);
    }
    return added(key);
  }

  private int added(String key) {
    int index = count++;
    if (count > 0xFFFF) {
      throw new IllegalStateException("constant pool too large");
    }
    addedIndexes.put(key, index);
    return index;
  }

  /** Writes the pool: its count, the class's own entries, then the added ones. */
  void writeTo(ByteSink out) {
    out.u2(count).bytes(in.bytes(), 10, end - 10).bytes(added);
  }

  private static String modifiedUtf8(byte[] bytes, int lengthOffset) {
    int length = ((bytes[lengthOffset] & 0xFF) << 8) | (bytes[lengthOffset + 1] & 0xFF);
    try {
      return new DataInputStream(new ByteArrayInputStream(bytes, lengthOffset, length + 2))
          .readUTF();
    } catch (IOException e) {
      throw new IllegalStateException("malformed Utf8 constant", e);
    }
  }
}
