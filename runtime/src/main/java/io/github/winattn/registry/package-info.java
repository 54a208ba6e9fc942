/**
 * The kernel registry: finds the generated kernels announced through {@link
 * io.github.winattn.kernel.KernelCatalog} services, picks the Vector API or plain-Java variant, and
 * falls back to the reference kernel for shapes that were not generated.
 */
package io.github.winattn.registry;
