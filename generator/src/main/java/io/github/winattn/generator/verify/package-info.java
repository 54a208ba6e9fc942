/**
 * Checks of compiled kernels against the JVM's limits: {@link
 * io.github.winattn.generator.verify.ClassFileMethods} reads a class file with plain JDK byte
 * parsing and reports each method's bytecode length, so tests here and in the {@code generated}
 * module can prove that no method exceeds HotSpot's 8000-byte JIT limit.
 */
package io.github.winattn.generator.verify;
