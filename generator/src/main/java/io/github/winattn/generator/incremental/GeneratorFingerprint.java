package io.github.winattn.generator.incremental;

import io.github.winattn.generator.KernelGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A digest of the generator's own compiled classes, part of the build's input digest: a changed
 * generator (a new snapshot with the same {@link KernelGenerator#VERSION}) regenerates the kernels.
 * Only class names and bytes count, not jar timestamps, so re-packaging the same code leaves the
 * fingerprint, and the build, unchanged.
 */
final class GeneratorFingerprint {

  private static final String PACKAGE_PATH = "io/github/winattn/generator/";

  private GeneratorFingerprint() {}

  /** The fingerprint of the classes next to {@link KernelGenerator}, as 16 hex digits. */
  static String ofRunningGenerator() {
    CodeSource source = KernelGenerator.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return "unknown";
    }
    try {
      return of(Path.of(source.getLocation().toURI()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      return "unknown";
    }
  }

  /** The fingerprint of the generator classes in a jar or a class directory. */
  static String of(Path location) {
    TreeMap<String, byte[]> classes = new TreeMap<>();
    try {
      if (Files.isDirectory(location)) {
        Path root = location.resolve(PACKAGE_PATH);
        if (Files.isDirectory(root)) {
          List<Path> files = new ArrayList<>();
          try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(p -> p.toString().endsWith(".class")).forEach(files::add);
          }
          for (Path p : files) {
            classes.put(
                location.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
          }
        }
      } else {
        try (JarFile jar = new JarFile(location.toFile())) {
          Enumeration<JarEntry> entries = jar.entries();
          while (entries.hasMoreElements()) {
            JarEntry e = entries.nextElement();
            if (e.getName().startsWith(PACKAGE_PATH) && e.getName().endsWith(".class")) {
              try (InputStream in = jar.getInputStream(e)) {
                classes.put(e.getName(), in.readAllBytes());
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the generator's classes at " + location, e);
    }
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
    for (var entry : classes.entrySet()) {
      sha.update(entry.getKey().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(entry.getValue());
    }
    return HexFormat.of().formatHex(sha.digest(), 0, 8);
  }
}
