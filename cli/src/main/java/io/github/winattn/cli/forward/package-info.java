/**
 * The machinery of {@code winattn forward} and {@code inspect}: opening safetensors files with
 * errors that name the flag, inferring the module's shape from its tensors and cross-checking it
 * against the flags, and the input batch.
 */
package io.github.winattn.cli.forward;
