package io.github.winattn.benchmarks;

/**
 * JVM options the benchmarks' forks add to {@code --add-modules jdk.incubator.vector}: the ones the
 * README recommends to users (section "JVM flags").
 */
final class ForkOptions {

  /**
   * Transparent huge pages for the Java heap (Linux with THP mode {@code madvise} or {@code
   * always}). A whole Swin-T streams some 110 MB of weights per image; with 4 KB pages the TLB
   * misses cost it 10-15% (measured on JDK 17 and 25).
   */
  static final String HUGE_PAGES = "-XX:+UseTransparentHugePages";

  /** Lets a JVM without {@link #HUGE_PAGES} (not Linux) start anyway, without it. */
  static final String IGNORE_UNRECOGNIZED = "-XX:+IgnoreUnrecognizedVMOptions";

  private ForkOptions() {}
}
