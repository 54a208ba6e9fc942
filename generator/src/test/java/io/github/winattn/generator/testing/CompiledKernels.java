package io.github.winattn.generator.testing;

import io.github.winattn.generator.GeneratedFile;
import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.weights.AttentionWeights;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Generated files compiled with the system javac ({@code -source 17 -target 17 --add-modules
 * jdk.incubator.vector}) into a temporary directory and loaded in a child class loader that shares
 * the runtime classes with the test.
 */
public final class CompiledKernels {

  private final Path classes;
  private final URLClassLoader loader;

  private CompiledKernels(Path classes, URLClassLoader loader) {
    this.classes = classes;
    this.loader = loader;
  }

  /**
   * {@link #compile} once per JVM for {@code key}: test classes that need the same kernels share
   * one compilation (surefire runs them in one JVM).
   */
  public static synchronized CompiledKernels shared(
      String key, Supplier<List<GeneratedFile>> files) {
    return SHARED.computeIfAbsent(key, k -> compile(files.get()));
  }

  private static final Map<String, CompiledKernels> SHARED = new HashMap<>();

  /** Writes {@code files} below a temp dir, compiles the sources, and opens a loader on them. */
  public static CompiledKernels compile(List<GeneratedFile> files) {
    try {
      Path root = Files.createTempDirectory("winattn-gen");
      Path src = root.resolve("src");
      Path out = root.resolve("classes");
      Files.createDirectories(out);
      List<Path> sources = new ArrayList<>();
      for (GeneratedFile f : files) {
        Path p = (f.resource() ? out : src).resolve(f.relativePath());
        Files.createDirectories(p.getParent());
        Files.writeString(p, f.content(), StandardCharsets.UTF_8);
        if (!f.resource()) {
          sources.add(p);
        }
      }
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      StringWriter diagnostics = new StringWriter();
      try (StandardJavaFileManager fm =
          javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
        List<String> options =
            List.of(
                "-source",
                "17",
                "-target",
                "17",
                "--add-modules",
                "jdk.incubator.vector",
                "-proc:none",
                "-nowarn",
                "-Xlint:none",
                "-d",
                out.toString(),
                "-classpath",
                System.getProperty("java.class.path"));
        boolean ok =
            javac
                .getTask(
                    diagnostics, fm, null, options, null, fm.getJavaFileObjectsFromPaths(sources))
                .call();
        if (!ok) {
          throw new AssertionError("generated sources do not compile:\n" + diagnostics);
        }
      }
      URLClassLoader loader =
          new URLClassLoader(
              new URL[] {out.toUri().toURL()}, CompiledKernels.class.getClassLoader());
      return new CompiledKernels(out, loader);
    } catch (IOException e) {
      throw new AssertionError("cannot compile generated sources: " + e, e);
    }
  }

  /** The directory holding the compiled classes. */
  public Path classes() {
    return classes;
  }

  public ClassLoader loader() {
    return loader;
  }

  /** Instantiates kernel class {@code binaryName} bound to {@code weights}. */
  public AttentionKernel kernel(String binaryName, AttentionWeights weights) {
    try {
      Class<?> c = Class.forName(binaryName, true, loader);
      return (AttentionKernel) c.getConstructor(AttentionWeights.class).newInstance(weights);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new AssertionError(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("cannot instantiate " + binaryName + ": " + e, e);
    }
  }
}
