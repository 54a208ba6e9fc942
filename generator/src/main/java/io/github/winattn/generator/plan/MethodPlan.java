package io.github.winattn.generator.plan;

/**
 * One method of a generated class and the bytecode size the planner bounds it by. The real sizes
 * are checked by tests that read the compiled class files.
 *
 * @param name the method name in the generated class
 * @param job what it does
 * @param maxBytes the planner's upper estimate of its bytecode length
 */
public record MethodPlan(String name, String job, int maxBytes) {

  public MethodPlan {
    if (name == null || name.isEmpty() || job == null) {
      throw new IllegalArgumentException("method plan needs a name and a job (got " + name + ")");
    }
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes of " + name + " must be positive (got " + maxBytes + ")");
    }
  }
}
