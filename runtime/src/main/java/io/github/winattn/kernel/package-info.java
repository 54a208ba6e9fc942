/**
 * The uniform kernel contract: {@link io.github.winattn.kernel.AttentionKernel}, masks, argument
 * checks, parallel splitting, and the service interface through which generated kernels are found.
 */
package io.github.winattn.kernel;
