/**
 * The weights of one window attention module: the canonical {@link
 * io.github.winattn.weights.AttentionWeights} every kernel binds to, and the way there from a
 * PyTorch state dict. {@link io.github.winattn.weights.StateDictBinder} checks every tensor under a
 * module prefix against the shape (missing, unexpected, wrong shape, wrong index buffer) and folds
 * Swin v2's continuous position bias ({@link io.github.winattn.weights.ContinuousPositionBias});
 * {@link io.github.winattn.weights.StateDictInspector} tells what a checkpoint's tensors reveal
 * about the module so that command-line flags can be cross-checked.
 */
package io.github.winattn.weights;
