/**
 * Incremental generation from a configuration file, shared by the Maven plugin, the CLI and Gradle:
 * digest the inputs, do nothing when they are unchanged, otherwise regenerate, write only changed
 * files and delete the stale ones this build wrote before.
 *
 * <p>Entry point: {@link io.github.winattn.generator.incremental.KernelBuild}.
 */
package io.github.winattn.generator.incremental;
