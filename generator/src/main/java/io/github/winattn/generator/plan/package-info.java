/**
 * The kernel plan: an immutable record of every decision the generator makes for one shape
 * (register tiling, padding, relative-index and bias encodings, score scaling, the constants and
 * workspace buffers of each class as a {@link io.github.winattn.generator.plan.Layout}, the product
 * routines, budgets), made by {@link io.github.winattn.generator.plan.KernelPlanner}. No JavaPoet
 * here: the emitters only read a plan.
 */
package io.github.winattn.generator.plan;
