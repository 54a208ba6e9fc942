package io.github.winattn.generator;

/**
 * One output file of the generator.
 *
 * @param relativePath path below the output root, '/'-separated, e.g. {@code
 *     com/acme/attn/SwinV1_w7x7_h3_d96_Vector.java} or {@code
 *     META-INF/services/io.github.winattn.kernel.KernelCatalog}
 * @param content the file's text (UTF-8 when written)
 * @param resource true for a resource (service file), false for a Java source
 *     <p>Paths are not checked for escaping the output root here; the build layer that writes files
 *     does that.
 */
public record GeneratedFile(String relativePath, String content, boolean resource) {

  public GeneratedFile {
    if (relativePath == null || relativePath.isEmpty()) {
      throw new IllegalArgumentException(
          "relativePath must not be empty (got " + relativePath + ")");
    }
    if (content == null) {
      throw new IllegalArgumentException("content of " + relativePath + " == null");
    }
  }
}
