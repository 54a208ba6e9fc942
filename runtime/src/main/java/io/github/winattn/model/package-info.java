/**
 * Whole Swin v1 and v2 image models from a PyTorch checkpoint: {@link
 * io.github.winattn.model.SwinModel#load} checks every tensor of an official or timm state dict
 * against the configuration it infers and the options given, then {@code classify} turns {@code (B,
 * 3, H, W)} images into logits and {@code features} gives the per-stage maps of a backbone.
 */
package io.github.winattn.model;
