package io.github.winattn.benchmarks;

import ai.onnxruntime.OrtEnvironment;

/**
 * Prints, as JSON, what a result table must say about the JVM it ran on: Java version and VM, the
 * Vector API's preferred width, the FLOPs of one {@link FmaPeakBenchmark} call, and the ONNX
 * Runtime version on the class path. Read by {@code benchmarks/run}.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp benchmarks.jar
 * io.github.winattn.benchmarks.SuiteInfo}
 */
public final class SuiteInfo {

  private SuiteInfo() {}

  public static void main(String[] args) {
    System.out.println(json(OrtEnvironment.getEnvironment().getVersion()));
  }

  /** The JSON object, with {@code onnxRuntime} as the ONNX Runtime version. */
  static String json(String onnxRuntime) {
    return "{\"javaVersion\": \""
        + System.getProperty("java.version")
        + "\", \"vm\": \""
        + System.getProperty("java.vm.name")
        + "\", \"lanes\": "
        + FmaPeakBenchmark.SPECIES.length()
        + ", \"vectorBits\": "
        + FmaPeakBenchmark.SPECIES.vectorBitSize()
        + ", \"peakFlopsPerCall\": "
        + FmaPeakBenchmark.FLOPS_PER_CALL
        + ", \"onnxRuntime\": \""
        + onnxRuntime
        + "\"}";
  }
}
