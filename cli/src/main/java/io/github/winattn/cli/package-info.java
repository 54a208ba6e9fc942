/**
 * The {@code winattn} command line: {@code forward} (run one module on safetensors tensors), {@code
 * compare} (generated versus reference kernels), {@code generate} and {@code inspect}. Errors
 * surface as one line on stderr and a non-zero exit code ({@link ExitCodes}).
 */
package io.github.winattn.cli;
