package io.github.winattn.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.kernel.CatalogEntry;
import io.github.winattn.kernel.KernelCatalog;
import io.github.winattn.kernel.Mask;
import io.github.winattn.shape.AttentionShape;
import io.github.winattn.testing.Inputs;
import io.github.winattn.weights.AttentionWeights;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KernelRegistryTest {

  private final RecordingLogger log = new RecordingLogger();

  private KernelRegistry registry(boolean vector, boolean strict) {
    return KernelRegistry.builder()
        .catalogs(List.of(new FakeCatalog()))
        .vectorAvailable(vector)
        .strict(strict)
        .logger(log)
        .reference(FakeKernel.Reference::new)
        .build();
  }

  private AttentionWeights weights(AttentionShape s) {
    return Inputs.zeros(s);
  }

  @Test
  void serviceLoaderFindsTheTestCatalogue() {
    KernelRegistry r = registry(true, false);
    assertEquals(
        List.of(
            FakeCatalog.SWIN_2X3,
            FakeCatalog.TEMPORAL_4,
            FakeCatalog.MISSING_CLASS,
            FakeCatalog.LYING_CLASS),
        r.entries().stream().map(CatalogEntry::shape).toList());
    assertTrue(r.find(FakeCatalog.SWIN_2X3).orElseThrow().masked());
    assertTrue(r.find(FakeCatalog.NOT_GENERATED).isEmpty());
  }

  @Test
  void autoPicksTheVectorVariantWhenTheModuleIsPresent() {
    KernelRegistry r = registry(true, false);
    AttentionKernel k = r.bind(weights(FakeCatalog.SWIN_2X3), false);
    assertEquals("fake-vector", k.implementation());
    assertEquals(FakeCatalog.SWIN_2X3, k.shape());
    float[] out = new float[2 * 6 * 8];
    k.forward(new float[out.length], 0, out, 0, Mask.NONE, 2);
    assertEquals(2f, out[out.length - 1]);
    assertEquals(new RegistryStats(1, 0, 0, 0), r.stats());
    assertEquals(1, log.at(Level.INFO).size(), log.lines.toString());
    assertTrue(log.at(Level.INFO).get(0).contains("Vector API variant"), log.lines.toString());
  }

  @Test
  void autoPicksThePlainVariantWithoutTheModuleAndWarnsOnceWhichFlagToAdd() {
    KernelRegistry r = registry(false, false);
    for (int i = 0; i < 3; i++) {
      assertEquals("fake-plain", r.bind(weights(FakeCatalog.SWIN_2X3), true).implementation());
    }
    assertEquals("fake-plain", r.bind(weights(FakeCatalog.TEMPORAL_4), false).implementation());
    assertEquals(new RegistryStats(0, 4, 0, 0), r.stats());
    // This JDK has the module, so the missing flag is something to fix: a WARNING, once.
    assertTrue(VectorSupport.inSystemImage());
    List<String> warnings = log.at(Level.WARNING);
    assertEquals(1, warnings.size(), log.lines.toString());
    assertTrue(warnings.get(0).contains("plain-Java"), warnings.get(0));
    assertTrue(warnings.get(0).contains("--add-modules jdk.incubator.vector"), warnings.get(0));
    assertTrue(log.at(Level.INFO).isEmpty(), log.lines.toString());
  }

  @Test
  void explicitVectorWithoutTheModuleFailsNamingTheFlag() {
    KernelRegistry r = registry(false, false);
    KernelUnavailableException e =
        assertThrows(
            KernelUnavailableException.class,
            () -> r.bind(weights(FakeCatalog.SWIN_2X3), KernelChoice.GENERATED_VECTOR, false));
    assertTrue(e.getMessage().contains("--add-modules jdk.incubator.vector"), e.getMessage());
    assertTrue(e.getMessage().contains(FakeCatalog.SWIN_2X3.describe()), e.getMessage());
    assertEquals(0, r.stats().total());
  }

  @Test
  void explicitVariantsAreHonoured() {
    KernelRegistry r = registry(true, false);
    AttentionWeights w = weights(FakeCatalog.SWIN_2X3);
    assertEquals("fake-plain", r.bind(w, KernelChoice.GENERATED_PLAIN, true).implementation());
    assertEquals("fake-vector", r.bind(w, KernelChoice.GENERATED_VECTOR, true).implementation());
    assertEquals("fake-vector", r.bind(w, KernelChoice.GENERATED, true).implementation());
    assertEquals("fake-reference", r.bind(w, KernelChoice.REFERENCE, true).implementation());
    assertEquals(new RegistryStats(2, 1, 1, 0), r.stats());
    assertEquals(3, r.stats().hits());
  }

  @Test
  void aShapeThatWasNotGeneratedFallsBackWithOneWarning() {
    KernelRegistry r = registry(true, false);
    for (int i = 0; i < 3; i++) {
      assertEquals(
          "fake-reference", r.bind(weights(FakeCatalog.NOT_GENERATED), false).implementation());
    }
    assertEquals(new RegistryStats(0, 0, 0, 3), r.stats());
    List<String> warnings = log.at(Level.WARNING);
    assertEquals(1, warnings.size(), log.lines.toString());
    String w = warnings.get(0);
    assertTrue(w.contains(FakeCatalog.NOT_GENERATED.describe()), w);
    assertTrue(w.contains("kernels.yaml"), w);
    assertTrue(w.contains("{family: swin_v1, window: 3x2, dim: 8, heads: 2}"), w);
    assertTrue(w.contains("reference kernel"), w);
  }

  @Test
  void aMaskedCallNeedsAMaskedEntry() {
    KernelRegistry r = registry(true, false);
    AttentionWeights w = weights(FakeCatalog.TEMPORAL_4);
    assertEquals("fake-vector", r.bind(w, false).implementation());
    assertEquals("fake-reference", r.bind(w, true).implementation());
    assertEquals(new RegistryStats(1, 0, 0, 1), r.stats());
    String warning = log.at(Level.WARNING).get(0);
    assertTrue(warning.contains("without mask support"), warning);
    assertTrue(warning.contains("masked: true"), warning);
    KernelUnavailableException e =
        assertThrows(
            KernelUnavailableException.class, () -> r.bind(w, KernelChoice.GENERATED_PLAIN, true));
    assertTrue(e.getMessage().contains("without mask support"), e.getMessage());
  }

  @Test
  void strictModeThrowsInsteadOfFallingBack() {
    KernelRegistry r = registry(true, true);
    KernelUnavailableException e =
        assertThrows(
            KernelUnavailableException.class,
            () -> r.bind(weights(FakeCatalog.NOT_GENERATED), false));
    assertTrue(e.getMessage().contains(FakeCatalog.NOT_GENERATED.describe()), e.getMessage());
    assertTrue(e.getMessage().contains("-Dwinattn.strict=true"), e.getMessage());
    assertTrue(e.getMessage().contains("KernelRegistry.builder().strict(true)"), e.getMessage());
    assertEquals(Optional.empty(), e.choice());
    assertEquals(0, r.stats().total());
    assertTrue(log.at(Level.WARNING).isEmpty());
    // An explicit request for the reference kernel is still allowed.
    assertEquals(
        "fake-reference",
        r.bind(weights(FakeCatalog.NOT_GENERATED), KernelChoice.REFERENCE, false).implementation());
  }

  @Test
  void strictModeFollowsTheSystemProperty() {
    String old = System.getProperty(KernelRegistry.STRICT_PROPERTY);
    try {
      System.setProperty(KernelRegistry.STRICT_PROPERTY, "true");
      assertTrue(KernelRegistry.builder().logger(log).build().strict());
      System.setProperty(KernelRegistry.STRICT_PROPERTY, "false");
      assertEquals(false, KernelRegistry.builder().logger(log).build().strict());
    } finally {
      if (old == null) {
        System.clearProperty(KernelRegistry.STRICT_PROPERTY);
      } else {
        System.setProperty(KernelRegistry.STRICT_PROPERTY, old);
      }
    }
  }

  @Test
  void generatedChoicesFailForAShapeThatWasNotGenerated() {
    KernelRegistry r = registry(true, false);
    for (KernelChoice c :
        List.of(
            KernelChoice.GENERATED, KernelChoice.GENERATED_PLAIN, KernelChoice.GENERATED_VECTOR)) {
      KernelUnavailableException e =
          assertThrows(
              KernelUnavailableException.class,
              () -> r.bind(weights(FakeCatalog.NOT_GENERATED), c, false));
      assertTrue(
          e.getMessage().startsWith("no generated kernel for swin_v1 window=3x2"), e.getMessage());
      assertTrue(e.getMessage().endsWith("(KernelChoice." + c.name() + ")"), e.getMessage());
      assertFalse(e.getMessage().contains("--kernel"), e.getMessage());
      assertEquals(Optional.of(c), e.choice());
      assertTrue(e.getMessage().startsWith(e.reason()), e.reason());
    }
  }

  @Test
  void aMissingShapeMessageCarriesTheCallersEntryKeys() {
    KernelRegistry r = registry(true, false);
    KernelUnavailableException e =
        assertThrows(
            KernelUnavailableException.class,
            () ->
                r.bind(
                    weights(FakeCatalog.NOT_GENERATED),
                    KernelChoice.GENERATED,
                    true,
                    "resolution: 56x56, shift: 3"));
    assertTrue(
        e.getMessage().contains(", masked: true, resolution: 56x56, shift: 3} to kernels.yaml"),
        e.getMessage());
  }

  @Test
  void brokenEntriesFailNamingTheClass() {
    KernelRegistry r = registry(false, false);
    KernelUnavailableException missing =
        assertThrows(
            KernelUnavailableException.class,
            () -> r.bind(weights(FakeCatalog.MISSING_CLASS), false));
    assertTrue(
        missing.getMessage().contains("io.github.winattn.registry.NoSuchKernel"),
        missing.getMessage());
    KernelUnavailableException lying =
        assertThrows(
            KernelUnavailableException.class,
            () -> r.bind(weights(FakeCatalog.LYING_CLASS), false));
    assertTrue(lying.getMessage().contains("computes temporal window=4"), lying.getMessage());
  }

  @Test
  void aMaskedDuplicateWinsOverAnUnmaskedOne() {
    AttentionShape s = FakeCatalog.SWIN_2X3;
    KernelCatalog unmasked =
        () -> List.of(new CatalogEntry(s, false, FakeCatalog.PLAIN, FakeCatalog.VECTOR));
    KernelCatalog masked =
        () -> List.of(new CatalogEntry(s, true, FakeCatalog.VECTOR, FakeCatalog.VECTOR));
    KernelRegistry r =
        KernelRegistry.builder()
            .catalogs(List.of(unmasked, masked))
            .vectorAvailable(false)
            .logger(log)
            .reference(FakeKernel.Reference::new)
            .build();
    assertEquals(1, r.entries().size());
    assertEquals("fake-vector", r.bind(weights(s), true).implementation());
  }

  @Test
  void theDefaultFallbackIsTheReferenceKernel() {
    KernelRegistry r = KernelRegistry.builder().logger(log).build();
    AttentionKernel k = r.bind(weights(FakeCatalog.NOT_GENERATED), false);
    assertEquals(io.github.winattn.reference.ReferenceKernel.class, k.getClass());
    assertEquals(FakeCatalog.NOT_GENERATED, k.shape());
    assertEquals(1, r.stats().fallbacks());
  }

  @Test
  void theModuleCheckSeesTheSurefireFlag() {
    // The build runs tests with --add-modules jdk.incubator.vector (see the parent pom).
    assertTrue(VectorSupport.inBootLayer());
    assertEquals(VectorSupport.inBootLayer(), KernelRegistry.builder().build().vectorAvailable());
  }
}
