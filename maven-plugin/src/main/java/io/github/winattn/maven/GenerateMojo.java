package io.github.winattn.maven;

import io.github.winattn.generator.config.ConfigException;
import io.github.winattn.generator.incremental.BuildOptions;
import io.github.winattn.generator.incremental.BuildResult;
import io.github.winattn.generator.incremental.KernelBackend;
import io.github.winattn.generator.incremental.KernelBuild;
import io.github.winattn.io.IoMessages;
import java.io.File;
import java.io.IOException;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Generates shape-specialised attention kernels from the shapes configuration file, registers the
 * generated sources as a compile source root and the generated {@code META-INF/services}
 * registration as a resource root. Does nothing when the configuration, the options and the
 * generator are unchanged since the last run.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractMojo {

  /** The shapes configuration (YAML). */
  @Parameter(
      property = "winattn.configFile",
      defaultValue = "${project.basedir}/src/main/winattn/kernels.yaml",
      required = true)
  private File configFile;

  /** Where the Java sources are generated; added as a compile source root. */
  @Parameter(
      property = "winattn.outputDirectory",
      defaultValue = "${project.build.directory}/generated-sources/winattn",
      required = true)
  private File outputDirectory;

  /** Where the service registration is generated; added as a resource root. */
  @Parameter(
      property = "winattn.resourceOutputDirectory",
      defaultValue = "${project.build.directory}/generated-resources/winattn",
      required = true)
  private File resourceOutputDirectory;

  /** Java package of the generated kernels, overriding the configuration's {@code package}. */
  @Parameter(property = "winattn.packageName")
  private String packageName;

  /** Regenerate even if the inputs are unchanged (files with equal content are not rewritten). */
  @Parameter(property = "winattn.force", defaultValue = "false")
  private boolean force;

  /** Skips generation (the output folders are still registered). */
  @Parameter(property = "winattn.skip", defaultValue = "false")
  private boolean skip;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    register();
    if (skip) {
      getLog().info("WinAttn: skipped (winattn.skip=true), no kernels generated");
      return;
    }
    BuildOptions options;
    try {
      options = new BuildOptions(packageName == null ? "" : packageName.trim(), force);
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException("WinAttn: invalid parameter packageName: " + e.getMessage());
    }
    BuildResult result;
    try {
      result =
          new KernelBuild(KernelBackend.standard())
              .run(
                  configFile.toPath(),
                  outputDirectory.toPath(),
                  resourceOutputDirectory.toPath(),
                  options);
    } catch (ConfigException e) {
      throw new MojoFailureException(
          "WinAttn: invalid kernels configuration " + configFile + "\n" + e.getMessage(), e);
    } catch (IOException e) {
      throw new MojoExecutionException(
          "WinAttn: generating kernels from "
              + configFile
              + " failed: cannot write "
              + IoMessages.describe(e),
          e);
    } catch (RuntimeException e) {
      throw new MojoExecutionException(
          "WinAttn: generating kernels from " + configFile + " failed: " + e, e);
    }
    getLog().info("WinAttn: " + result.summary() + " in " + outputDirectory);
  }

  /**
   * Source and resource roots, registered on every run so that skipped and up-to-date builds
   * compile.
   */
  private void register() {
    project.addCompileSourceRoot(outputDirectory.getAbsolutePath());
    String resources = resourceOutputDirectory.getAbsolutePath();
    boolean known =
        project.getResources().stream().anyMatch(r -> resources.equals(r.getDirectory()));
    if (!known) {
      Resource resource = new Resource();
      resource.setDirectory(resources);
      project.addResource(resource);
    }
  }
}
