/**
 * The runtime-shaped reference kernel: the fallback for any shape and the oracle for generated
 * kernels.
 */
package io.github.winattn.reference;
