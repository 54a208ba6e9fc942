/**
 * The kernel plan: an immutable record of every decision the generator makes for one shape
 * (register tiling, padding, relative-index and bias encodings, score scaling, method split,
 * budgets), made by {@link io.github.winattn.generator.plan.KernelPlanner}. No JavaPoet here: the
 * emitters only read a plan.
 */
package io.github.winattn.generator.plan;
