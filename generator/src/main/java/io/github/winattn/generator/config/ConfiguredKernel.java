package io.github.winattn.generator.config;

import io.github.winattn.generator.KernelSpec;

/**
 * One kernel the configuration asks for, with where it was asked.
 *
 * @param spec what to generate
 * @param origin the {@code kernels} entry or the {@code models} entry that asked for it (the first
 *     one, when several did)
 * @param source how the origin reads in messages, e.g. {@code "kernel #2"} or {@code "model swin_t
 *     stage 3"}
 */
public record ConfiguredKernel(KernelSpec spec, SourceLocation origin, String source) {

  public ConfiguredKernel {
    if (spec == null || origin == null || source == null) {
      throw new IllegalArgumentException(
          "configured kernel fields must not be null (spec " + spec + ", origin " + origin + ")");
    }
  }
}
