package io.github.winattn.model.layers;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The runtime loads in a JVM without {@code jdk.incubator.vector}: {@link VectorLinear} and {@link
 * VectorLayerNorm} are the only runtime classes that use the Vector API; only {@link MatMulKind}
 * refers to the first and only {@link LayerNorm} to the second, each after its {@code
 * VectorSupport.inBootLayer()} check. {@code VectorModuleAbsentTest} runs a model in such a JVM.
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
}
