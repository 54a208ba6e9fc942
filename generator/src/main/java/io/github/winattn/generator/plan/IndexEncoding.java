package io.github.winattn.generator.plan;

/** How the per-token offsets {@code base(t)} of the relative position index are baked in. */
public enum IndexEncoding {
  /** An {@code int[]} literal in the static initialiser (small windows). */
  LITERAL,
  /** One string constant, one char per token, decoded once at class initialisation. */
  PACKED_STRING
}
