package io.github.winattn.generator.plan;

import io.github.winattn.shape.AttentionShape;
import java.util.List;
import java.util.Map;

/**
 * Every decision for one generated kernel pair, immutable; emitters read it and decide nothing.
 *
 * @param shape the shape both variants compute
 * @param masked whether the kernels accept a shifted-window mask
 * @param classStem simple class name stem; the variants append {@code _Vector} and {@code _Plain}
 * @param tiling register tiling and row padding of the vector kernel's matrix products
 * @param plainTiling row tile and weight panels of the plain kernel's matrix products
 * @param biasEncoding how the vector kernel adds the relative position bias
 * @param indexEncoding how the per-token offsets are baked in
 * @param tokenOffsets {@code base(t)} per token: {@code index[i, j] = base(i) - base(j) + centre}
 * @param centre the index of relative offset zero
 * @param scoreScaling where the q.k factor is applied
 * @param steps the PyTorch steps in order, with their comment text
 * @param vectorLayout int constants and workspace buffers of the vector class
 * @param plainLayout int constants and workspace buffers of the plain class
 * @param products the matrix product routines of the vector class, in emission order
 * @param budgets the limits this plan was made for
 * @param denseBiasBytes size a dense bias table would have (chosen or not)
 * @param fusedMaps feature maps with a fused entry, in configuration order; empty for none
 */
public record KernelPlan(
    AttentionShape shape,
    boolean masked,
    String classStem,
    Tiling tiling,
    PlainTiling plainTiling,
    BiasEncoding biasEncoding,
    IndexEncoding indexEncoding,
    List<Integer> tokenOffsets,
    int centre,
    ScoreScaling scoreScaling,
    List<PlanStep> steps,
    Layout vectorLayout,
    Layout plainLayout,
    List<Product> products,
    Budgets budgets,
    long denseBiasBytes,
    List<FusedMap> fusedMaps) {

  public KernelPlan {
    if (shape == null
        || classStem == null
        || tiling == null
        || plainTiling == null
        || biasEncoding == null
        || indexEncoding == null
        || tokenOffsets == null
        || scoreScaling == null
        || steps == null
        || vectorLayout == null
        || plainLayout == null
        || products == null
        || budgets == null) {
      throw new IllegalArgumentException("kernel plan fields must not be null");
    }
    if (tokenOffsets.size() != shape.tokens()) {
      throw new IllegalArgumentException(
          "tokenOffsets: expected " + shape.tokens() + " offsets, got " + tokenOffsets.size());
    }
    tokenOffsets = List.copyOf(tokenOffsets);
    steps = List.copyOf(steps);
    products = List.copyOf(products);
    fusedMaps = List.copyOf(fusedMaps);
    if (fusedMaps.stream().anyMatch(FusedMap::shifted) && !masked) {
      throw new IllegalArgumentException(
          classStem + ": a shifted feature map needs a masked kernel");
    }
  }

  /** Whether the classes have fused feature-map entries. */
  public boolean hasFusedMaps() {
    return !fusedMaps.isEmpty();
  }

  /** Whether a fused map shifts, so the classes carry region tables and a region softmax. */
  public boolean hasShiftedMaps() {
    return fusedMaps.stream().anyMatch(FusedMap::shifted);
  }

  /**
   * Window classes per map: {@code 2^rank} (one bit per axis, set in the last window), 1 for
   * temporal.
   */
  public int windowClasses() {
    return shape.family() == io.github.winattn.shape.Family.TEMPORAL
        ? 1
        : 1 << shape.effectiveWindow().rank();
  }

  /**
   * Whether the vector class splits one window across threads ({@code forwardSplit}: qkv by output
   * panels, heads by ranges, proj by output panels, one phase each): every kernel with both
   * projections (without them the work per window is too small to share).
   */
  public boolean splitsWindows() {
    return has(StepKind.QKV_PROJECTION) && has(StepKind.OUTPUT_PROJECTION);
  }

  /** The simple name of the Vector API class. */
  public String vectorClassName() {
    return classStem + "_Vector";
  }

  /** The simple name of the plain-Java class. */
  public String plainClassName() {
    return classStem + "_Plain";
  }

  /** The PyTorch text of {@code kind}. */
  public String comment(StepKind kind) {
    for (PlanStep s : steps) {
      if (s.kind() == kind) {
        return s.pytorch();
      }
    }
    throw new IllegalStateException("plan for " + classStem + " has no step " + kind);
  }

  /** Whether this plan computes {@code kind} at all (e.g. no projections without qkv). */
  public boolean has(StepKind kind) {
    return steps.stream().anyMatch(s -> s.kind() == kind);
  }

  /** Scratch arrays of the vector kernel and their sizes in floats at {@code lanes} lanes. */
  public Map<String, Long> workspaceFloats(int lanes) {
    return vectorLayout.floats(lanes);
  }

  /** Per-thread scratch of the vector kernel at the widest planned vector, in bytes. */
  public long workspaceBytes() {
    return vectorLayout.bytes(budgets.maxLanes());
  }

  /** The debug dump of every decision (what {@code describePlan} prints). */
  public String describe() {
    return PlanDescription.of(this);
  }
}
