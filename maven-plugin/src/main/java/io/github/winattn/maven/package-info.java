/**
 * The {@code winattn} Maven plugin: a thin adapter from Maven's parameters, logging and failure
 * conventions to {@link io.github.winattn.generator.incremental.KernelBuild}.
 */
package io.github.winattn.maven;
