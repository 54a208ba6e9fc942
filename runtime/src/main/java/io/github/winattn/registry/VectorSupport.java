package io.github.winattn.registry;

import java.lang.module.ModuleFinder;

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

  /** True if this JDK has {@value #MODULE}, so that {@value #FLAG} would make it available. */
  public static boolean inSystemImage() {
    return ModuleFinder.ofSystem().find(MODULE).isPresent();
  }
}
