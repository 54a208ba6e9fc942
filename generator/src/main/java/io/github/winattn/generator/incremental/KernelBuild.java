package io.github.winattn.generator.incremental;

import io.github.winattn.generator.GeneratedFile;
import io.github.winattn.generator.config.ConfigException;
import io.github.winattn.generator.config.ConfigFiles;
import io.github.winattn.generator.config.ConfigLoader;
import io.github.winattn.generator.config.Diagnostic;
import io.github.winattn.generator.config.KernelsConfig;
import io.github.winattn.generator.config.SourceLocation;
import io.github.winattn.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Generates kernels from a configuration file into a source and a resource directory,
 * incrementally. The inputs (configuration bytes, generator version, options) are digested into a
 * stamp file in the source directory; when they are unchanged and every file the last build wrote
 * still exists, nothing is done. Otherwise the configuration is validated in full, the kernels are
 * generated, only files whose content changed are rewritten, and files the previous build wrote but
 * this one does not produce are deleted. Identical inputs give byte-identical output.
 *
 * <p>Safety: a file the stamp does not list is never overwritten (the build fails naming it) or
 * deleted. Every check runs before anything is written, and every changed file is written in full
 * to a temporary file beside its target before any target is replaced; if that fails, the
 * temporaries are removed and the previous output and stamp are left exactly as they were. Files
 * are written with {@link AtomicFiles}: nothing is written through a symbolic link or outside the
 * roots.
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
   * Runs a build with the real generator; sources and the service registration both go to {@code
   * outputDir}. The simplest entry point, for the CLI and scripts.
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
    return new KernelBuild(KernelBackend.standard())
        .run(configFile, sourceDir, resourceDir, options);
  }

  /**
   * Runs a build.
   *
   * @param configFile the kernels configuration (YAML)
   * @param sourceDir root of the generated Java sources; holds the stamp
   * @param resourceDir root of the generated resources ({@code META-INF/services/...}); may equal
   *     {@code sourceDir}
   * @throws ConfigException if the configuration is invalid (every problem, with its location); the
   *     output is then left as it was
   * @throws IOException if a file cannot be read or written
   */
  public BuildResult run(Path configFile, Path sourceDir, Path resourceDir, BuildOptions options)
      throws ConfigException, IOException {
    OutputTree tree = new OutputTree(sourceDir, resourceDir);
    byte[] config = ConfigFiles.read(configFile);
    String resourceRoot = tree.stampName(resourceDir.toAbsolutePath().normalize());
    String digest = InputDigest.of(config, backend.version(), options, resourceRoot);
    Optional<Stamp> previous = Stamp.read(tree.sourceDir());
    if (!options.force()
        && previous.isPresent()
        && previous.get().digest().equals(digest)
        && allExist(tree, previous.get())) {
      return BuildResult.upToDate(previous.get().kernels());
    }

    KernelsConfig kernels =
        new ConfigLoader(backend::unsupportedReason)
            .load(configFile.toString(), config, options.packageOverride());
    List<GeneratedFile> files = generate(kernels);

    Set<String> ours = previous.map(p -> Set.copyOf(p.files())).orElse(Set.of());
    Path stampFile = tree.sourceDir().resolve(Stamp.FILE_NAME);
    Set<String> produced = new LinkedHashSet<>();
    Map<Path, byte[]> changed = new LinkedHashMap<>();
    int unchanged = 0;
    // 1. check everything, write nothing
    for (GeneratedFile file : files) {
      Path target = tree.target(file);
      String name = tree.stampName(target);
      if (!produced.add(name)) {
        throw new IllegalStateException("generator produced '" + file.relativePath() + "' twice");
      }
      byte[] bytes = file.content().getBytes(StandardCharsets.UTF_8);
      if (sameContent(tree, target, bytes)) {
        unchanged++; // also adopts an identical file left by a build whose stamp is gone
      } else if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !ours.contains(name)) {
        throw new FileSystemException(
            target.toString(),
            null,
            "exists but was not written by"
                + " the WinAttn generator ("
                + stampFile
                + " does not list it); refusing to overwrite"
                + " it: move it away or delete it");
      } else {
        changed.put(target, bytes);
      }
    }
    tree.checkFolders(stampFile.getParent());
    AtomicFiles.requireReplaceable(stampFile);
    List<Path> deleted = new ArrayList<>();
    try (Staging staging = new Staging(tree)) {
      // 2. every changed file complete on disk beside its target; a failure here changes nothing
      for (Map.Entry<Path, byte[]> e : changed.entrySet()) {
        staging.add(e.getKey(), e.getValue());
      }
      // 3. replace: the stamp first lists old and new files, so an interrupted build is redone
      // and cleaned up by the next one
      if (!staging.isEmpty()) {
        Set<String> all = new TreeSet<>(ours);
        all.addAll(produced);
        AtomicFiles.write(stampFile, new Stamp(Stamp.INCOMPLETE, 0, List.copyOf(all)).text());
        staging.commit();
      }
    }
    for (String old : ours) {
      if (!produced.contains(old)) {
        Optional<Path> stale = tree.fromStampName(old);
        if (stale.isPresent() && tree.delete(stale.get())) {
          deleted.add(stale.get());
        }
      }
    }
    Stamp stamp = new Stamp(digest, kernels.kernels().size(), new ArrayList<>(produced));
    if (!sameContent(tree, stampFile, stamp.text().getBytes(StandardCharsets.UTF_8))) {
      AtomicFiles.write(stampFile, stamp.text());
    }
    return new BuildResult(
        false, kernels.kernels().size(), List.copyOf(changed.keySet()), deleted, unchanged);
  }

  /**
   * True if {@code target} is a regular file holding exactly {@code bytes}; refuses a target that
   * is not absent or a regular file, or lies in a folder that is not a real one.
   */
  private static boolean sameContent(OutputTree tree, Path target, byte[] bytes)
      throws IOException {
    tree.checkFolders(target.getParent());
    return AtomicFiles.requireReplaceable(target)
        && Files.size(target) == bytes.length
        && Arrays.equals(Files.readAllBytes(target), bytes);
  }

  /** Generates, turning the generator's own rejections into diagnostics of the file. */
  private List<GeneratedFile> generate(KernelsConfig kernels) throws ConfigException {
    try {
      return backend.generate(kernels.packageName(), kernels.specs(), kernels.mlps());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          List.of(
              new Diagnostic(
                  SourceLocation.startOf(kernels.file()),
                  "the generator rejected the configuration: " + e.getMessage())));
    }
  }

  private static boolean allExist(OutputTree tree, Stamp stamp) {
    Set<String> seen = new HashSet<>();
    for (String name : stamp.files()) {
      Optional<Path> p = tree.fromStampName(name);
      if (!seen.add(name)
          || p.isEmpty()
          || !Files.isRegularFile(p.get(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
    }
    return true;
  }
}
