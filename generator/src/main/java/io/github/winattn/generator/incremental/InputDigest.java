package io.github.winattn.generator.incremental;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 over everything that decides a build's output: the configuration's bytes, the generator's
 * version, the options and where resources go relative to sources.
 */
final class InputDigest {

  private InputDigest() {}

  static String of(
      byte[] config, String generatorVersion, BuildOptions options, String resourceRoot) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    field(sha, "format", "1");
    field(sha, "generator", generatorVersion);
    field(sha, "package", options.packageOverride());
    field(sha, "resources", resourceRoot);
    sha.update(config);
    return HexFormat.of().formatHex(sha.digest());
  }

  /** Length-prefixed so that no two different field lists hash the same bytes. */
  private static void field(MessageDigest sha, String name, String value) {
    byte[] bytes = (name + "=" + value).getBytes(StandardCharsets.UTF_8);
    sha.update((bytes.length + ":").getBytes(StandardCharsets.UTF_8));
    sha.update(bytes);
  }
}
