package io.github.winattn.generator.emit;

import static javax.lang.model.element.Modifier.FINAL;
import static javax.lang.model.element.Modifier.PRIVATE;
import static javax.lang.model.element.Modifier.PUBLIC;
import static javax.lang.model.element.Modifier.STATIC;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeSpec;
import io.github.winattn.generator.plan.KernelPlan;
import io.github.winattn.generator.plan.MlpPlan;
import java.util.List;

/**
 * The {@code KernelCatalog} of a package. It names the kernel classes as strings only, so it loads
 * without the incubator module.
 */
final class CatalogEmitter {

  private CatalogEmitter() {}

  // public final class GoldenKernelCatalog implements KernelCatalog {
  //   private static final List<CatalogEntry> ENTRIES = List.of(
  //       new CatalogEntry(AttentionShape.builder(Family.SWIN_V1, Window.of2d(2, 3), 16,
  // 2).build(), true, "golden.SwinV1_w2x3_h2_d16_Plain", "golden.SwinV1_w2x3_h2_d16_Vector"),
  //       ...
  //   /** Used by {@link java.util.ServiceLoader}. */
  //   public GoldenKernelCatalog() {
  //   }
  //
  //   @Override
  //   public List<CatalogEntry> entries() {
  //     return ENTRIES;
  //   }
  // }
  static TypeSpec catalog(
      String packageName, String className, List<KernelPlan> plans, List<MlpPlan> mlps) {
    ParameterizedTypeName listType =
        ParameterizedTypeName.get(ClassName.get(List.class), Types.CATALOG_ENTRY);
    CodeBlock.Builder list = CodeBlock.builder().add("$T.of(", List.class);
    for (int i = 0; i < plans.size(); i++) {
      KernelPlan p = plans.get(i);
      list.add(i == 0 ? "\n" : ",\n")
          .indent()
          .indent()
          .add(
              "new $T($L, $L, $S, $S)",
              Types.CATALOG_ENTRY,
              ShapeLiteral.of(p.shape()),
              p.masked(),
              packageName + "." + p.plainClassName(),
              packageName + "." + p.vectorClassName())
          .unindent()
          .unindent();
    }
    list.add(")");
    TypeSpec.Builder type = TypeSpec.classBuilder(className);
    type.addJavadoc(
            "The $L generated kernels of package {@code $L}, announced through\n"
                + "{@code META-INF/services/$L}.\n",
            plans.size(),
            packageName,
            Types.KERNEL_CATALOG.canonicalName())
        .addModifiers(PUBLIC, FINAL)
        .addSuperinterface(Types.KERNEL_CATALOG)
        .addField(
            FieldSpec.builder(listType, "ENTRIES", PRIVATE, STATIC, FINAL)
                .initializer(list.build())
                .build())
        .addMethod(
            MethodSpec.constructorBuilder()
                .addJavadoc("Used by {@link java.util.ServiceLoader}.\n")
                .addModifiers(PUBLIC)
                .build())
        .addMethod(
            MethodSpec.methodBuilder("entries")
                .addAnnotation(Override.class)
                .addModifiers(PUBLIC)
                .returns(listType)
                .addStatement("return ENTRIES")
                .build());
    if (!mlps.isEmpty()) {
      addMlpEntries(type, packageName, mlps);
    }
    return type.build();
  }

  //   private static final List<MlpCatalogEntry> MLP_ENTRIES = List.of(
  //       new MlpCatalogEntry(new MlpShape(Family.SWIN_V1, 16, 64),
  //           "goldenmlp.SwinV1Mlp_d16_h64_Vector"),
  //       ...
  //   @Override
  //   public List<MlpCatalogEntry> mlpEntries() {
  //     return MLP_ENTRIES;
  //   }
  private static void addMlpEntries(TypeSpec.Builder type, String packageName, List<MlpPlan> mlps) {
    ClassName entry = ClassName.get("io.github.winattn.kernel", "MlpCatalogEntry");
    ParameterizedTypeName listType = ParameterizedTypeName.get(ClassName.get(List.class), entry);
    CodeBlock.Builder list = CodeBlock.builder().add("$T.of(", List.class);
    for (int i = 0; i < mlps.size(); i++) {
      MlpPlan p = mlps.get(i);
      list.add(i == 0 ? "\n" : ",\n")
          .indent()
          .indent()
          .add(
              "new $T(new $T($T.$L, $L, $L), $S)",
              entry,
              MlpKernelEmitter.MLP_SHAPE,
              Types.FAMILY,
              p.postNorm() ? "SWIN_V2" : "SWIN_V1",
              p.shape().dim(),
              p.shape().hidden(),
              packageName + "." + p.className())
          .unindent()
          .unindent();
    }
    list.add(")");
    type.addField(
        FieldSpec.builder(listType, "MLP_ENTRIES", PRIVATE, STATIC, FINAL)
            .initializer(list.build())
            .build());
    type.addMethod(
        MethodSpec.methodBuilder("mlpEntries")
            .addAnnotation(Override.class)
            .addModifiers(PUBLIC)
            .returns(listType)
            .addStatement("return MLP_ENTRIES")
            .build());
  }
}
