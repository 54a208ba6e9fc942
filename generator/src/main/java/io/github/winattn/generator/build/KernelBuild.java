package io.github.winattn.generator.build;

import io.github.winattn.generator.GeneratedFile;
import io.github.winattn.generator.config.ConfigException;
import io.github.winattn.generator.config.ConfigFiles;
import io.github.winattn.generator.config.ConfigLoader;
import io.github.winattn.generator.config.Diagnostic;
import io.github.winattn.generator.config.KernelsConfig;
import io.github.winattn.generator.config.SourceLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Generates kernels from a configuration file into a source and a resource directory,
 * incrementally. The inputs (configuration bytes, generator version, options) are digested into a
 * stamp file in the source directory; when they are unchanged and every file the last build wrote
 * still exists, nothing is done. Otherwise the configuration is validated in full, the kernels are
 * generated, only files whose content changed are rewritten, and files the previous build wrote
 * but this one does not produce are deleted. Files this build never wrote are never touched.
 * Identical inputs give byte-identical output.
 *
 * <p>Without Maven: {@code KernelBuild.generate(Path.of("kernels.yaml"), Path.of("out"))}.
 */
public final class KernelBuild {

  private final KernelBackend backend;

  public KernelBuild(KernelBackend backend) {
    if (backend == null) {
      throw new IllegalArgumentException("backend == null");
    }
    this.backend = backend;
  }

  /**
   * Runs a build with the real generator; sources and the service registration both go to
   * {@code outputDir}. The simplest entry point, for the CLI and scripts.
   *
   * @throws ConfigException if the configuration is invalid (every problem, with its location)
   * @throws IOException if a file cannot be read or written
   */
  public static BuildResult generate(Path configFile, Path outputDir)
      throws ConfigException, IOException {
    return generate(configFile, outputDir, outputDir, BuildOptions.defaults());
  }

  /** Like {@link #generate(Path, Path)} with separate roots and options. */
  public static BuildResult generate(
      Path configFile, Path sourceDir, Path resourceDir, BuildOptions options)
      throws ConfigException, IOException {
    return new KernelBuild(KernelBackend.standard()).run(configFile, sourceDir, resourceDir, options);
  }

  /**
   * Runs a build.
   *
   * @param configFile the kernels configuration (YAML)
   * @param sourceDir root of the generated Java sources; holds the stamp
   * @param resourceDir root of the generated resources ({@code META-INF/services/...}); may equal
   *     {@code sourceDir}
   * @throws ConfigException if the configuration is invalid (every problem, with its location);
   *     the output is then left as it was
   * @throws IOException if a file cannot be read or written
   */
  public BuildResult run(Path configFile, Path sourceDir, Path resourceDir, BuildOptions options)
      throws ConfigException, IOException {
    OutputTree tree = new OutputTree(sourceDir, resourceDir);
    byte[] config = ConfigFiles.read(configFile);
    String resourceRoot = tree.stampName(resourceDir.toAbsolutePath().normalize());
    String digest = InputDigest.of(config, backend.version(), options, resourceRoot);
    Optional<Stamp> previous = Stamp.read(tree.sourceDir());
    if (!options.force() && previous.isPresent() && previous.get().digest().equals(digest)
        && allExist(tree, previous.get())) {
      return BuildResult.upToDate(previous.get().kernels());
    }

    KernelsConfig kernels =
        new ConfigLoader(backend::unsupportedReason)
            .load(configFile.toString(), config, options.packageOverride());
    List<GeneratedFile> files = generate(kernels);

    Stamp.delete(tree.sourceDir());
    List<Path> written = new ArrayList<>();
    Set<String> produced = new LinkedHashSet<>();
    int unchanged = 0;
    for (GeneratedFile file : files) {
      Path target = tree.target(file);
      if (!produced.add(tree.stampName(target))) {
        throw new IllegalStateException("generator produced '" + file.relativePath() + "' twice");
      }
      if (tree.writeIfChanged(target, file.content())) {
        written.add(target);
      } else {
        unchanged++;
      }
    }
    List<Path> deleted = new ArrayList<>();
    if (previous.isPresent()) {
      for (String old : previous.get().files()) {
        if (!produced.contains(old)) {
          Optional<Path> stale = tree.fromStampName(old);
          if (stale.isPresent() && tree.delete(stale.get())) {
            deleted.add(stale.get());
          }
        }
      }
    }
    Stamp stamp = new Stamp(digest, kernels.kernels().size(), new ArrayList<>(produced));
    tree.writeIfChanged(tree.sourceDir().resolve(Stamp.FILE_NAME), stamp.text());
    return new BuildResult(false, kernels.kernels().size(), written, deleted, unchanged);
  }

  /** Generates, turning the generator's own rejections into diagnostics of the file. */
  private List<GeneratedFile> generate(KernelsConfig kernels) throws ConfigException {
    try {
      return backend.generate(kernels.packageName(), kernels.specs());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(List.of(new Diagnostic(
          SourceLocation.startOf(kernels.file()),
          "the generator rejected the configuration: " + e.getMessage())));
    }
  }

  private static boolean allExist(OutputTree tree, Stamp stamp) {
    Set<String> seen = new HashSet<>();
    for (String name : stamp.files()) {
      Optional<Path> p = tree.fromStampName(name);
      if (!seen.add(name) || p.isEmpty() || !Files.isRegularFile(p.get(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
    }
    return true;
  }
}
