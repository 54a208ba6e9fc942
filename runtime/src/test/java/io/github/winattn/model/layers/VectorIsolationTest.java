package io.github.winattn.model.layers;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The runtime loads in a JVM without {@code jdk.incubator.vector}: {@link VectorLinear}, {@link
 * VectorGelu} and {@link VectorLayerNorm} are the only runtime classes that use the Vector API;
 * only {@link MatMulKind} refers to the first (after its {@code VectorSupport.inBootLayer()}
 * check), only {@link VectorLinear} to the second (the generated MLP kernels, Vector API code
 * themselves, call it too) and only {@link LayerNorm} to the third, after the same check. {@code
 * VectorModuleAbsentTest} runs a model in such a JVM.
 */
class VectorIsolationTest {

  private static final JavaClasses RUNTIME =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
          .importPackages("io.github.winattn");

  @Test
  void onlyTheVectorLayersUseTheVectorApi() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName(VectorLinear.class.getName())
        .and()
        .doNotHaveFullyQualifiedName(VectorLayerNorm.class.getName())
        .and()
        .doNotHaveFullyQualifiedName(VectorGelu.class.getName())
        .should()
        .dependOnClassesThat()
        .resideInAPackage("jdk.incubator.vector..")
        .check(RUNTIME);
  }

  @Test
  void onlyMatMulKindCreatesVectorLinear() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName(MatMulKind.class.getName())
        .and()
        .doNotHaveFullyQualifiedName(VectorLinear.class.getName())
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName(VectorLinear.class.getName())
        .check(RUNTIME);
  }

  @Test
  void onlyLayerNormCallsVectorLayerNorm() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName(LayerNorm.class.getName())
        .and()
        .doNotHaveFullyQualifiedName(VectorLayerNorm.class.getName())
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName(VectorLayerNorm.class.getName())
        .check(RUNTIME);
  }

  @Test
  void onlyVectorLinearCallsVectorGelu() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName(VectorLinear.class.getName())
        .and()
        .doNotHaveFullyQualifiedName(VectorGelu.class.getName())
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName(VectorGelu.class.getName())
        .check(RUNTIME);
  }
}
