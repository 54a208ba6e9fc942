package io.github.winattn.cli;

import io.github.winattn.cli.compare.Accuracy;
import io.github.winattn.cli.error.CliException;
import io.github.winattn.cli.forward.Tensors;
import io.github.winattn.diagnostics.UntrustedText;
import io.github.winattn.safetensors.SafetensorsFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The {@code --expect FILE} check of {@code forward} and {@code classify}: compares a result with a
 * tensor of FILE, prints the largest error and returns the exit code.
 */
final class ExpectedTensor {

  private ExpectedTensor() {}

  /**
   * Compares {@code actual} (named {@code what}, of shape {@code shape}) with the first of {@code
   * candidates} that FILE has, else its only tensor, within {@code |a - b| <= atol + rtol * |b|}.
   *
   * @return {@link ExitCodes#OK} or {@link ExitCodes#OUT_OF_TOLERANCE}
   * @throws CliException if FILE cannot be read, has no such tensor, or its shape differs
   */
  static int check(
      Path file,
      String what,
      float[] actual,
      List<Long> shape,
      List<String> candidates,
      double atol,
      double rtol,
      PrintWriter pw) {
    try (SafetensorsFile expected = Tensors.open("--expect", file)) {
      String name =
          candidates.stream()
              .filter(expected::contains)
              .findFirst()
              .orElse(expected.names().size() == 1 ? expected.names().first() : null);
      if (name == null) {
        throw new CliException(
            "--expect "
                + file
                + ": no tensor named "
                + candidates.stream().map(c -> "'" + c + "'").collect(Collectors.joining(" or "))
                + " and more than one tensor (it has "
                + expected.names()
                + ")");
      }
      if (!expected.shape(name).equals(shape)) {
        throw new CliException(
            "--expect "
                + file
                + ": tensor '"
                + UntrustedText.quote(name)
                + "' has shape "
                + Tensors.format(expected.shape(name))
                + ", the "
                + what
                + " is "
                + Tensors.format(shape));
      }
      Accuracy acc = Accuracy.of(actual, expected.readFloats(name), atol, rtol);
      boolean ok = acc.withinTolerance();
      pw.printf(
          Locale.ROOT,
          "max |%s - %s| = %.3e: %s (|a - b| <= %s + %s * |b|)%n",
          what,
          UntrustedText.quote(name),
          acc.maxAbsError(),
          ok ? "within tolerance" : "OUT OF TOLERANCE",
          atol,
          rtol);
      return ok ? ExitCodes.OK : ExitCodes.OUT_OF_TOLERANCE;
    } catch (IOException e) {
      throw new CliException("--expect " + file + ": cannot read: " + e.getMessage(), e);
    }
  }
}
