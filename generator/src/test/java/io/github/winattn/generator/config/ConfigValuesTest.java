package io.github.winattn.generator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.winattn.shape.AttentionShape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Values as YAML reads them, and packages the JDK owns. */
class ConfigValuesTest {

  private final ConfigLoader loader = new ConfigLoader(ConfigLoaderTest::fakeSupport);

  private static String kernel(String dim, String extra) {
    return "package: a.b\nkernels:\n  - {family: swin_v1, window: 7x7, dim: "
        + dim
        + ", heads: 2"
        + extra
        + "}\n";
  }

  @Test
  void everyCoreSchemaIntegerIsRead() throws Exception {
    for (String dim : List.of("96", "+96", "0x60", "0o140")) {
      assertEquals(
          96, loader.parse("k.yaml", kernel(dim, ""), "").specs().get(0).shape().dim(), dim);
    }
    assertEquals(
        0.125f,
        loader.parse("k.yaml", kernel("96", ", qk_scale: 0x0"), "").specs().get(0).shape().qkScale()
            + 0.125f);
  }

  @Test
  void outOfRangeHexNamesTheText() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> loader.parse("k.yaml", kernel("0x100000", ""), ""));
    assertEquals(
        "k.yaml:3:41: 'dim' must be in 1.." + AttentionShape.MAX_DIM + ", got 0x100000",
        e.diagnostics().get(0).toString());
  }

  @Test
  void windowWithATrailingSeparatorIsRefused() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> loader.parse("k.yaml", kernel("96", "").replace("7x7", "7x7x"), ""));
    assertEquals(
        "k.yaml:3:31: 'window' must be a window like 8 (frames), 7x7 or 8x7x7, got"
            + " string '7x7x'",
        e.diagnostics().get(0).toString());
  }

  @Test
  void packagesOfTheJdkAreRefusedFromTheFileAndTheBuild() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                loader.parse(
                    "k.yaml", kernel("96", "").replace("a.b", "java.util.concurrent"), ""));
    assertEquals(
        List.of(
            "k.yaml:1:10: package 'java.util.concurrent' is in java.*, which belongs"
                + " to the JDK (as do java.*, javax.*, jdk.*, sun.*, com.sun.*); use your own, e.g."
                + " com.example.attention"),
        e.diagnostics().stream().map(Diagnostic::toString).toList());
    e =
        assertThrows(
            ConfigException.class, () -> loader.parse("k.yaml", kernel("96", ""), "sun.misc"));
    assertEquals(
        "k.yaml:1:1: the package given to the build: package 'sun.misc' is in sun.*,"
            + " which belongs to the JDK (as do java.*, javax.*, jdk.*, sun.*, com.sun.*); use your"
            + " own, e.g. com.example.attention",
        e.diagnostics().get(0).toString());
    assertEquals("javafx.x", assertDoesNotThrowPackage("javafx.x"), "only whole segments count");
  }

  private String assertDoesNotThrowPackage(String pkg) {
    try {
      return loader.parse("k.yaml", kernel("96", "").replace("a.b", pkg), "").packageName();
    } catch (ConfigException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }
}
