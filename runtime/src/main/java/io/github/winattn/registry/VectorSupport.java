package io.github.winattn.registry;

/** Whether the incubating Vector API can be used, checked without loading any vector class. */
public final class VectorSupport {

  /** The module of the Vector API. */
  public static final String MODULE = "jdk.incubator.vector";

  /** The {@code java} option that makes the module available. */
  public static final String FLAG = "--add-modules " + MODULE;

  private VectorSupport() {}

  /** True if {@value #MODULE} is resolved in the boot layer of this JVM. */
  public static boolean inBootLayer() {
    return ModuleLayer.boot().findModule(MODULE).isPresent();
  }
}
