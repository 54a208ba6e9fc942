package io.github.winattn.cli;

/**
 * Makes the registry's one-time messages (System.Logger over java.util.logging) one line each on
 * stderr, e.g. {@code winattn: WARNING: no generated kernel for ...}, unless the user configured a
 * format.
 */
final class LogFormat {

  private static final String PROPERTY = "java.util.logging.SimpleFormatter.format";

  private LogFormat() {}

  static void install() {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, "winattn: %4$s: %5$s%6$s%n");
    }
  }
}
