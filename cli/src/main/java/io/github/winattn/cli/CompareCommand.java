package io.github.winattn.cli;

import io.github.winattn.cli.compare.Accuracy;
import io.github.winattn.cli.compare.CompareRow;
import io.github.winattn.cli.compare.RandomProblem;
import io.github.winattn.cli.compare.ResultTable;
import io.github.winattn.cli.compare.ShapeFilter;
import io.github.winattn.cli.compare.Stopwatch;
import io.github.winattn.cli.error.CliException;
import io.github.winattn.kernel.AttentionKernel;
import io.github.winattn.kernel.CatalogEntry;
import io.github.winattn.registry.KernelChoice;
import io.github.winattn.registry.KernelRegistry;
import io.github.winattn.registry.VectorSupport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code winattn compare}: every generated kernel of the catalogue against the reference kernel on
 * seeded random weights and batches, with accuracy and indicative timings.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Runs every generated kernel of the catalogue, or of your project with --classpath (or"
          + " those matching --shape), and the reference"
          + " kernel on seeded random weights and batches (masked where the kernel supports it),"
          + " reports the max abs error against the reference with a tolerance verdict, and times"
          + " both within a budget per kernel.",
      "Timings are indicative; published numbers come from the JMH benchmarks (benchmarks/)."
    })
final class CompareCommand implements Callable<Integer> {

  private final CliContext context;

  @Spec CommandSpec spec;

  @Option(
      names = "--shape",
      paramLabel = "WORDS",
      description =
          "Only kernels whose description has all these words, e.g. 'swin_v1"
              + " window=7x7 dim=96' or 'masked' (repeatable: any match).")
  List<String> shapeFilters = new ArrayList<>();

  @Option(
      names = "--classpath",
      paramLabel = "DIR_OR_JAR",
      split = "${sys:path.separator}",
      description =
          "Your project's compiled classes (e.g. target/classes) holding the kernels"
              + " the plugin generated; compares those instead of the shipped catalogue."
              + " Several entries separated by '${sys:path.separator}' or repeated.")
  List<Path> classpath = new ArrayList<>();

  @Option(names = "--plain", description = "Also run the plain-Java variant.")
  boolean plain;

  @Option(
      names = "--budget-ms",
      paramLabel = "MS",
      defaultValue = "1000",
      description =
          "Time budget per kernel and shape, half of it warm-up (default:"
              + " ${DEFAULT-VALUE}); too small a budget times code the JIT has not compiled yet.")
  long budgetMs;

  @Option(
      names = "--images",
      paramLabel = "N",
      defaultValue = "2",
      description = "Images per batch (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--atol",
      defaultValue = "1e-4",
      description = "Absolute tolerance (default: ${DEFAULT-VALUE}).")
  double atol;

  @Option(
      names = "--rtol",
      defaultValue = "1e-4",
      description = "Relative tolerance (default: ${DEFAULT-VALUE}).")
  double rtol;

  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "1",
      description = "Threads per forward call (default: ${DEFAULT-VALUE}).")
  int threads;

  CompareCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    check(budgetMs >= 0, "--budget-ms must be >= 0 (got " + budgetMs + ")");
    check(images >= 1, "--images must be >= 1 (got " + images + ")");
    check(threads >= 1, "--threads must be >= 1 (got " + threads + ")");
    check(atol >= 0 && rtol >= 0, "--atol and --rtol must be >= 0");
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    KernelRegistry registry = registry();
    List<CatalogEntry> entries = selected(registry);
    err.println(selectionNote(registry, entries));
    List<KernelChoice> variants = variants(registry, err);
    ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1) : null;
    try {
      List<CompareRow> rows = new ArrayList<>();
      int i = 0;
      for (CatalogEntry e : entries) {
        i++;
        err.printf(
            Locale.ROOT,
            "[%d/%d] %s%s%n",
            i,
            entries.size(),
            e.shape().describe(),
            e.masked() ? " (masked)" : "");
        err.flush();
        rows.addAll(compare(registry, e, variants, pool));
      }
      out.print(ResultTable.render(rows));
      long failed = rows.stream().filter(r -> !r.accuracy().withinTolerance()).count();
      out.println();
      out.println(environment(registry));
      out.println(
          "Timings are medians within a "
              + budgetMs
              + " ms budget per kernel: indicative"
              + " only; the JMH benchmarks in benchmarks/ are the source of published numbers.");
      if (failed > 0) {
        out.printf(
            Locale.ROOT,
            "%d of %d kernels OUT OF TOLERANCE (|a - b| <= %s + %s * |b|)%n",
            failed,
            rows.size(),
            atol,
            rtol);
        out.flush();
        return ExitCodes.OUT_OF_TOLERANCE;
      }
      out.printf(
          Locale.ROOT,
          "all %d kernels within tolerance (|a - b| <= %s + %s * |b|)%n",
          rows.size(),
          atol,
          rtol);
      out.flush();
      return ExitCodes.OK;
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
  }

  private KernelRegistry registry() {
    return classpath.isEmpty()
        ? context.registry().get()
        : UserKernels.registry(classpath, /* userOnly */ true);
  }

  private String catalogueName() {
    return classpath.isEmpty() ? "the catalogue" : "--classpath " + classpath;
  }

  private List<CatalogEntry> selected(KernelRegistry registry) {
    List<CatalogEntry> all = registry.entries();
    if (all.isEmpty()) {
      throw new CliException(
          "no generated kernels on the class path (is winattn-generated, or"
              + " another jar of generated kernels, on it?)");
    }
    if (shapeFilters.isEmpty()) {
      return all;
    }
    List<ShapeFilter> filters = shapeFilters.stream().map(ShapeFilter::parse).toList();
    List<CatalogEntry> picked =
        all.stream().filter(e -> filters.stream().anyMatch(f -> f.matches(e))).toList();
    if (picked.isEmpty()) {
      throw new CliException(
          "no generated kernel matches --shape "
              + shapeFilters
              + "; "
              + catalogueName()
              + " has "
              + all.size()
              + " kernels, e.g. '"
              + all.get(0).shape().describe()
              + "'"
              + (classpath.isEmpty()
                  ? " (for your own kernels pass --classpath target/classes)"
                  : ""));
    }
    return picked;
  }

  /** Which kernels run, from where: so that a filter matching other kernels than meant shows. */
  private String selectionNote(KernelRegistry registry, List<CatalogEntry> entries) {
    return "comparing "
        + entries.size()
        + " of the "
        + registry.entries().size()
        + " kernels of "
        + catalogueName()
        + (shapeFilters.isEmpty() ? "" : " that match --shape " + shapeFilters);
  }

  private List<KernelChoice> variants(KernelRegistry registry, PrintWriter err) {
    if (!registry.vectorAvailable()) {
      err.println(
          "note: "
              + VectorSupport.MODULE
              + " is absent, comparing the plain-Java variant"
              + " only; run java with "
              + VectorSupport.FLAG
              + " for the vector one");
      return List.of(KernelChoice.GENERATED_PLAIN);
    }
    return plain
        ? List.of(KernelChoice.GENERATED_VECTOR, KernelChoice.GENERATED_PLAIN)
        : List.of(KernelChoice.GENERATED_VECTOR);
  }

  private List<CompareRow> compare(
      KernelRegistry registry, CatalogEntry e, List<KernelChoice> variants, ExecutorService pool) {
    long budget = budgetMs * 1_000_000L;
    // About 1 GFLOP per 2 s of budget: the reference kernel (a few GFLOP/s) then fits several
    // runs in its budget even for the largest shapes, which get a part of an image.
    RandomProblem p =
        RandomProblem.of(e.shape(), e.masked(), images, seed, Math.max(1, budgetMs * 500_000L));
    AttentionKernel reference = registry.bind(p.weights(), KernelChoice.REFERENCE, e.masked());
    float[] expected = new float[p.x().length];
    Stopwatch.Result refTime = Stopwatch.time(() -> run(reference, p, expected, pool), budget);
    List<CompareRow> rows = new ArrayList<>();
    for (KernelChoice v : variants) {
      AttentionKernel k = registry.bind(p.weights(), v, e.masked());
      float[] actual = new float[expected.length];
      run(k, p, actual, pool);
      Accuracy acc = Accuracy.of(actual, expected, atol, rtol);
      Stopwatch.Result genTime = Stopwatch.time(() -> run(k, p, actual, pool), budget);
      rows.add(
          new CompareRow(
              e.shape().describe() + (e.masked() ? " masked" : ""),
              k.implementation(),
              p.windows(),
              acc,
              positive(refTime.medianMillis()),
              positive(genTime.medianMillis()),
              e.shape().flopsPerWindow() * p.windows()));
    }
    return rows;
  }

  /** One forward of the whole batch; returns an element of the output so the work is consumed. */
  private float run(AttentionKernel k, RandomProblem p, float[] out, ExecutorService pool) {
    if (pool == null) {
      k.forward(p.x(), 0, out, 0, p.mask(), p.windows());
    } else {
      k.forwardParallel(p.x(), 0, out, 0, p.mask(), p.windows(), pool, threads);
    }
    return out[out.length - 1] + out[0];
  }

  private static double positive(double millis) {
    return Math.max(millis, 1e-6);
  }

  private String environment(KernelRegistry registry) {
    return "JDK "
        + Runtime.version()
        + " ("
        + System.getProperty("java.vm.name")
        + "), "
        + System.getProperty("os.arch")
        + ", "
        + Runtime.getRuntime().availableProcessors()
        + " processors, "
        + threads
        + " thread(s), "
        + VectorSupport.MODULE
        + " "
        + (registry.vectorAvailable() ? "present" : "absent")
        + ", "
        + "batches of "
        + images
        + " images or about "
        + budgetMs / 2
        + " MFLOP, whichever is smaller";
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new CliException(message);
    }
  }
}
