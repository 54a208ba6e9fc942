package io.github.winattn.generator.plan;

import io.github.winattn.shape.AttentionShape;
import java.util.LinkedHashMap;
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
 * @param methods the methods of the vector class and their bytecode bounds
 * @param budgets the limits this plan was made for
 * @param workspaceBytes per-thread scratch of the vector kernel at the widest planned vector
 * @param denseBiasBytes size a dense bias table would have (chosen or not)
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
    List<MethodPlan> methods,
    Budgets budgets,
    long workspaceBytes,
    long denseBiasBytes) {

  public KernelPlan {
    if (shape == null || classStem == null || tiling == null || plainTiling == null || biasEncoding == null
        || indexEncoding == null || tokenOffsets == null || scoreScaling == null || steps == null
        || methods == null || budgets == null) {
      throw new IllegalArgumentException("kernel plan fields must not be null");
    }
    if (tokenOffsets.size() != shape.tokens()) {
      throw new IllegalArgumentException(
          "tokenOffsets: expected " + shape.tokens() + " offsets, got " + tokenOffsets.size());
    }
    tokenOffsets = List.copyOf(tokenOffsets);
    steps = List.copyOf(steps);
    methods = List.copyOf(methods);
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
    return Layout.workspaceFloats(this, lanes);
  }

  /** The debug dump of every decision (what {@code describePlan} prints). */
  public String describe() {
    return PlanDescription.of(this);
  }

  /** Sizes derived from the plan at a given vector width, the same formulas the kernel uses. */
  static final class Layout {
    private Layout() {}

    static long roundUp(long v, long m) {
      return (v + m - 1) / m * m;
    }

    static Map<String, Long> workspaceFloats(KernelPlan p, int lanes) {
      AttentionShape s = p.shape();
      long rows = p.tiling().paddedRows();
      long c = s.dim();
      long d = s.headDim();
      long keys = roundUp(s.tokens(), lanes);
      long panel = (long) p.tiling().vectorsPerTile() * lanes;
      long ySt = (s.heads() - 1L) * d + roundUp(d, lanes);
      Map<String, Long> m = new LinkedHashMap<>();
      m.put("x", rows * c + lanes);
      if (s.withQkv()) {
        m.put("qkv", rows * roundUp(3 * c, panel) + lanes);
        m.put("proj", rows * roundUp(c, panel) + lanes);
      }
      m.put("keysT", d * keys + lanes);
      m.put("scores", rows * keys + lanes);
      m.put("y", rows * ySt + lanes);
      if (p.tiling().packedProjectionInput()) {
        m.put("yPacked", rows * c + lanes);
      }
      m.put("rowScale", rows);
      if (p.masked()) {
        m.put("maskRows", s.tokens() * keys);
      }
      if (p.biasEncoding() == BiasEncoding.GATHER) {
        m.put("biasRow", keys);
      }
      return m;
    }
  }
}
