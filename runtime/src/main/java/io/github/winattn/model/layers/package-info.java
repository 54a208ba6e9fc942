/**
 * The layers of a Swin v1/v2 image model as the official modules compute them in {@code eval()}:
 * exact (erf) GELU, LayerNorm, a fast Linear (plain Java, or Vector API register tiles when the
 * module is there), patch embedding, patch merging and the transformer block around the feature-map
 * attention. Hot loops run on flat {@code float[]} with explicit offsets; scratch memory comes from
 * the caller.
 */
package io.github.winattn.model.layers;
