/**
 * The shape model: attention families, windows, shapes, the relative position index and the
 * shifted-window mask, exactly as docs/semantics.md and the official PyTorch modules define them.
 */
package io.github.winattn.shape;
