/**
 * Message text shared by every module: quoting untrusted content (tensor names, configuration
 * values) with control characters escaped, and capped listings of many problems.
 */
package io.github.winattn.diagnostics;
