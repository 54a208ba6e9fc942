/**
 * The generator's public API: {@link io.github.winattn.generator.KernelGenerator} (plan, emit,
 * describe), {@link io.github.winattn.generator.KernelSpec}, {@link
 * io.github.winattn.generator.GeneratedFile} and the one naming class {@link
 * io.github.winattn.generator.KernelNaming}. Stages: shape -> {@code plan} -> {@code emit}.
 */
package io.github.winattn.generator;
