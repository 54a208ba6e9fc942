package io.github.winattn.cli;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.github.winattn.generator.config.ConfigException;
import io.github.winattn.generator.incremental.KernelBuild;
import io.github.winattn.kernel.AttentionKernel;
import java.net.URL;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules between the modules' packages, checked on their class files (this module's
 * test classpath holds every other module's main classes): the runtime needs only the JDK, JavaPoet
 * stays in {@code generator.emit}, the Maven plugin is a thin adapter over {@code
 * generator.incremental}, and no package cycle anywhere.
 */
class ArchitectureTest {

  /** Main classes only: not test classes, not the runtime's test jar. */
  private static final ImportOption MAIN_ONLY =
      location ->
          !location.contains("/test-classes/")
              && !location.contains("-tests.jar")
              && !location.contains("/generated-test-sources/");

  private static final JavaClasses ALL =
      new ClassFileImporter().withImportOption(MAIN_ONLY).importPackages("io.github.winattn");

  /** The classes of one module: those in the jar or folder {@code member} was loaded from. */
  private static JavaClasses moduleOf(Class<?> member) {
    URL root = member.getProtectionDomain().getCodeSource().getLocation();
    return new ClassFileImporter().withImportOption(MAIN_ONLY).importUrl(root);
  }

  private static Set<String> packages(JavaClasses classes) {
    return classes.stream().map(JavaClass::getPackageName).collect(Collectors.toSet());
  }

  @Test
  void everyModuleIsImported() {
    Set<String> found = packages(ALL);
    for (String p :
        new String[] {
          "io.github.winattn.kernel",
          "io.github.winattn.generator.emit",
          "io.github.winattn.generator.incremental",
          "io.github.winattn.maven",
          "io.github.winattn.cli",
          "io.github.winattn.generated"
        }) {
      assertTrue(found.contains(p), p + " not among the imported packages " + found);
    }
  }

  @Test
  void theRuntimeDependsOnlyOnTheJdk() {
    JavaClasses runtime = moduleOf(AttentionKernel.class);
    Set<String> own = packages(runtime);
    assertTrue(own.contains("io.github.winattn.registry"), own.toString());
    // jdk.incubator.vector is a JDK module too; only model.layers.VectorLinear may use it
    // (runtime's VectorIsolationTest), loaded after the VectorSupport check. com.sun.management is
    // the JDK's jdk.management module: kernel.CacheLines reads HotSpot's header flags through it
    // once (and falls back when it is missing).
    String[] allowed =
        java.util.stream.Stream.concat(
                own.stream(),
                java.util.stream.Stream.of(
                    "java..", "jdk.incubator.vector..", "com.sun.management..", ""))
            .toArray(String[]::new);
    classes()
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(allowed)
        .because("the runtime is JDK only: applications add one jar")
        .check(runtime);
  }

  @Test
  void javaPoetOnlyInTheEmitPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.github.winattn.generator.emit..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.squareup.javapoet..")
        .because("emission is the only stage that writes Java")
        .check(ALL);
  }

  @Test
  void theMavenPluginIsAThinAdapterOverTheIncrementalBuild() {
    JavaClasses plugin = ALL.that(resideInAPackage("io.github.winattn.maven.."));
    assertTrue(packages(plugin).contains("io.github.winattn.maven"), packages(plugin).toString());
    noClasses()
        .should()
        .dependOnClassesThat(
            resideInAPackage("io.github.winattn..")
                .and(
                    resideOutsideOfPackages(
                        "io.github.winattn.maven..",
                        "io.github.winattn.generator.incremental..",
                        "io.github.winattn.io.."))
                // KernelBuild.generate throws it, with every problem of the configuration.
                .and(not(equivalentTo(ConfigException.class))))
        .because("the plugin is a thin adapter over " + KernelBuild.class.getName())
        .check(plugin);
  }

  @Test
  void noPackageCycles() {
    slices().matching("io.github.winattn.(**)").should().beFreeOfCycles().check(ALL);
  }
}
