/**
 * Emission of kernel sources with JavaPoet, the only package that uses it. Each emitter class
 * handles one concern (constants, workspace, binding, matrix products, attention steps, plain
 * kernel, catalogue) and builds {@code FieldSpec}s and {@code MethodSpec}s from a {@link
 * io.github.winattn.generator.plan.KernelPlan}; a {@link io.github.winattn.generator.emit.Scope}
 * holds the members of one class so emitters refer to them through their specs ({@code $N}). {@link
 * io.github.winattn.generator.emit.KernelSources} builds callees before callers, assembles the
 * classes and writes the one header. Emitters decide nothing the plan has not decided.
 */
package io.github.winattn.generator.emit;
