package io.github.winattn.generator.verify;

/**
 * The bytecode length of one method of a class file.
 *
 * @param className binary name of the class, e.g. {@code p.Kernel$Workspace}
 * @param method method name and descriptor, e.g. {@code tile2(I)V}
 * @param codeLength length of its Code attribute's bytecode in bytes
 */
public record MethodSize(String className, String method, int codeLength) {

  public MethodSize {
    if (className == null || method == null || codeLength < 0) {
      throw new IllegalArgumentException(
          "invalid method size " + className + "." + method + " " + codeLength);
    }
  }

  /** {@code p.Kernel.tile2(I)V: 612 bytes}. */
  @Override
  public String toString() {
    return className + "." + method + ": " + codeLength + " bytes";
  }
}
