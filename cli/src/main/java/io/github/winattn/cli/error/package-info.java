/**
 * The user-facing error of the {@code winattn} command, shared by the command classes and their
 * helper packages (a package of its own, so that those helpers do not depend back on the commands).
 */
package io.github.winattn.cli.error;
