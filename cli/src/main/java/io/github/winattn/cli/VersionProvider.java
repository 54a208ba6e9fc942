package io.github.winattn.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the jar's version, the JVM and whether the Vector API module is present. */
final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {
      "winattn " + (v == null ? "(development build)" : v),
      "JVM "
          + Runtime.version()
          + " ("
          + System.getProperty("java.vendor")
          + "), "
          + Runtime.getRuntime().availableProcessors()
          + " processors, "
          + io.github.winattn.registry.VectorSupport.MODULE
          + (io.github.winattn.registry.VectorSupport.inBootLayer() ? " present" : " absent")
    };
  }
}
