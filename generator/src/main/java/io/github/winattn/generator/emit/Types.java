package io.github.winattn.generator.emit;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeName;

/**
 * Names of the types the generated code refers to (by name, so the generator needs none loaded).
 */
final class Types {

  private Types() {}

  static final String VECTOR_PACKAGE = "jdk.incubator.vector";
  static final ClassName FLOAT_VECTOR = ClassName.get(VECTOR_PACKAGE, "FloatVector");
  static final ClassName VECTOR_OPERATORS = ClassName.get(VECTOR_PACKAGE, "VectorOperators");
  static final ClassName LAYER_NORM = ClassName.get("io.github.winattn.model.layers", "LayerNorm");
  static final ClassName VECTOR_GELU =
      ClassName.get("io.github.winattn.model.layers", "VectorGelu");
  static final TypeName SPECIES =
      ParameterizedTypeName.get(
          ClassName.get(VECTOR_PACKAGE, "VectorSpecies"), ClassName.get(Float.class));
  static final TypeName VECTOR_MASK =
      ParameterizedTypeName.get(
          ClassName.get(VECTOR_PACKAGE, "VectorMask"), ClassName.get(Float.class));

  static final ClassName ATTENTION_KERNEL =
      ClassName.get("io.github.winattn.kernel", "AttentionKernel");
  static final ClassName FEATURE_MAP_KERNEL =
      ClassName.get("io.github.winattn.featuremap", "FeatureMapKernel");
  static final ClassName FEATURE_MAP_GEOMETRY =
      ClassName.get("io.github.winattn.featuremap", "FeatureMapGeometry");
  static final ClassName KERNEL_ARGUMENTS =
      ClassName.get("io.github.winattn.kernel", "KernelArguments");
  static final ClassName MASK = ClassName.get("io.github.winattn.kernel", "Mask");
  static final ClassName SOFTMAX = ClassName.get("io.github.winattn.kernel", "Softmax");
  static final ClassName CACHE_LINES = ClassName.get("io.github.winattn.kernel", "CacheLines");
  static final ClassName KERNEL_CATALOG =
      ClassName.get("io.github.winattn.kernel", "KernelCatalog");
  static final ClassName CATALOG_ENTRY = ClassName.get("io.github.winattn.kernel", "CatalogEntry");
  static final ClassName ATTENTION_SHAPE =
      ClassName.get("io.github.winattn.shape", "AttentionShape");
  static final ClassName FAMILY = ClassName.get("io.github.winattn.shape", "Family");
  static final ClassName WINDOW = ClassName.get("io.github.winattn.shape", "Window");
  static final ClassName ATTENTION_WEIGHTS =
      ClassName.get("io.github.winattn.weights", "AttentionWeights");
  static final TypeName FLOATS = TypeName.get(float[].class);
}
