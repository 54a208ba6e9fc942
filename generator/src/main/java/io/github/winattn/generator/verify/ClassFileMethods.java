package io.github.winattn.generator.verify;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A minimal class-file reader (JVMS chapter 4): the constant pool, then each method's name,
 * descriptor and Code attribute length. Nothing else is interpreted.
 */
public final class ClassFileMethods {

  private ClassFileMethods() {}

  /** Method sizes of every {@code .class} file below {@code root}, in path order. */
  public static List<MethodSize> readTree(Path root) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(p -> p.toString().endsWith(".class")).sorted().toList();
    }
    List<MethodSize> all = new ArrayList<>();
    for (Path f : files) {
      all.addAll(read(Files.readAllBytes(f), f.toString()));
    }
    return all;
  }

  /**
   * Method sizes of one class file.
   *
   * @param where names the file in error messages
   * @throws IOException if the bytes are not a well-formed class file
   */
  public static List<MethodSize> read(byte[] classFile, String where) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile))) {
      if (in.readInt() != 0xCAFEBABE) {
        throw new IOException(where + ": not a class file (bad magic)");
      }
      in.readUnsignedShort();
      in.readUnsignedShort();
      int count = in.readUnsignedShort();
      String[] utf8 = new String[count];
      int[] classNameIndex = new int[count];
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> utf8[i] = in.readUTF();
          case 7 -> classNameIndex[i] = in.readUnsignedShort();
          case 8, 16, 19, 20 -> in.readUnsignedShort();
          case 15 -> {
            in.readUnsignedByte();
            in.readUnsignedShort();
          }
          case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
          case 5, 6 -> {
            in.readLong();
            i++;
          }
          default ->
              throw new IOException(
                  where + ": unknown constant pool tag " + tag + " at entry " + i);
        }
      }
      in.readUnsignedShort();
      int thisClass = in.readUnsignedShort();
      String className = utf8[classNameIndex[thisClass]].replace('/', '.');
      in.readUnsignedShort();
      int interfaces = in.readUnsignedShort();
      in.skipNBytes(2L * interfaces);
      int fields = in.readUnsignedShort();
      for (int f = 0; f < fields; f++) {
        in.skipNBytes(6);
        skipAttributes(in);
      }
      int methods = in.readUnsignedShort();
      List<MethodSize> sizes = new ArrayList<>(methods);
      for (int m = 0; m < methods; m++) {
        in.readUnsignedShort();
        String name = utf8[in.readUnsignedShort()];
        String descriptor = utf8[in.readUnsignedShort()];
        int attributes = in.readUnsignedShort();
        int code = 0;
        for (int a = 0; a < attributes; a++) {
          String attr = utf8[in.readUnsignedShort()];
          int length = in.readInt();
          if ("Code".equals(attr)) {
            in.readUnsignedShort();
            in.readUnsignedShort();
            code = in.readInt();
            in.skipNBytes(length - 8L);
          } else {
            in.skipNBytes(length);
          }
        }
        sizes.add(new MethodSize(className, name + descriptor, code));
      }
      return sizes;
    }
  }

  private static void skipAttributes(DataInputStream in) throws IOException {
    int n = in.readUnsignedShort();
    for (int a = 0; a < n; a++) {
      in.readUnsignedShort();
      in.skipNBytes(in.readInt() & 0xFFFFFFFFL);
    }
  }
}
