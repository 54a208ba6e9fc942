/**
 * The file rules every part of WinAttn follows. {@link io.github.winattn.io.AtomicFiles} writes an
 * output through an exclusively created temporary file in the target's folder and an atomic move,
 * never follows or replaces a symbolic link or device, and gives new files the umask's mode; {@link
 * io.github.winattn.io.RegularFiles} refuses inputs that are not regular files (a FIFO would block
 * forever, a device never ends) before anything is opened or read.
 */
package io.github.winattn.io;
