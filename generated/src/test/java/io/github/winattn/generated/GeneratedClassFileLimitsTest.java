package io.github.winattn.generated;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every method of every compiled class of this module stays under HotSpot's 8000-byte JIT limit
 * (a bigger method is never compiled and runs ~30x slower). Reads the class files with the
 * generator's {@code ClassFileMethods} (test dependency on winattn-generator).
 */
class GeneratedClassFileLimitsTest {

  static final int JIT_LIMIT = 8000;

  @Test
  void everyMethodIsJitCompilable() throws Exception {
    Path classes = Path.of("target/classes");
    assertTrue(Files.isDirectory(classes), "no compiled classes at " + classes.toAbsolutePath());
    Class<?> reader;
    try {
      reader = Class.forName("io.github.winattn.generator.verify.ClassFileMethods");
    } catch (ClassNotFoundException e) {
      Assumptions.abort("add io.github.winattn:winattn-generator (test scope) to generated/pom.xml");
      return;
    }
    Method readTree = reader.getMethod("readTree", Path.class);
    List<?> sizes = (List<?>) readTree.invoke(null, classes);
    assertTrue(sizes.size() > 10, "read only " + sizes.size() + " methods below " + classes);
    for (Object m : sizes) {
      int length = (int) m.getClass().getMethod("codeLength").invoke(m);
      assertTrue(length < JIT_LIMIT, "over the JIT limit of " + JIT_LIMIT + " bytes: " + m);
    }
  }
}
