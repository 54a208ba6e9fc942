/**
 * Emission of kernel sources with JavaPoet, the only package that uses it. Each emitter class
 * handles one concern (constants, binding, matrix products, attention steps, plain kernel,
 * catalogue) in small {@code addXxx(builder, plan)} steps; {@link
 * io.github.winattn.generator.emit.KernelSources} assembles files and writes the one header.
 * Emitters read a {@link io.github.winattn.generator.plan.KernelPlan} and decide nothing.
 */
package io.github.winattn.generator.emit;
