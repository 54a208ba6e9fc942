/**
 * The machinery of {@code winattn compare}: seeded random problems, accuracy against the reference
 * kernel, a time-budgeted stopwatch that consumes results, and the result table.
 */
package io.github.winattn.cli.compare;
