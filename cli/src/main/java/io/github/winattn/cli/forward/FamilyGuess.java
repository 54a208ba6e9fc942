package io.github.winattn.cli.forward;

import io.github.winattn.cli.error.CliException;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import io.github.winattn.weights.InspectedModule;
import io.github.winattn.weights.StateDictInspector;
import io.github.winattn.weights.TensorSource;
import java.util.List;

/**
 * The family a module's tensors reveal, for {@code inspect} without {@code --family}: Swin v2 has
 * {@code logit_scale} and {@code cpb_mlp}, temporal attention {@code relative_coords}; Swin v1 and
 * Video Swin both have a bias table and differ in its size, which a window of depth 1 cannot tell
 * apart (and need not: a 1xHxW window computes what an HxW one does), so those count as Swin v1, as
 * does a bias table without an index buffer that fits both (then {@link #ambiguous} is true).
 */
public final class FamilyGuess {

  private FamilyGuess() {}

  /**
   * @param prefix the normalised module prefix
   * @throws CliException if the tensors fit several families, or none
   */
  public static Family of(TensorSource source, String prefix) {
    if (has(source, prefix, "logit_scale") || has(source, prefix, "cpb_mlp.0.weight")) {
      return Family.SWIN_V2;
    }
    if (has(source, prefix, "relative_coords")) {
      return Family.TEMPORAL;
    }
    boolean swin = fits(source, prefix, Family.SWIN_V1, false);
    boolean video = fits(source, prefix, Family.VIDEO_SWIN, true);
    if (swin) {
      return Family.SWIN_V1; // if video fits too, the caller says so (see ambiguous)
    }
    if (video) {
      return Family.VIDEO_SWIN;
    }
    throw new CliException(
        "cannot tell the family from the tensors under '"
            + prefix
            + "' (they fit no family); pass --family");
  }

  /**
   * Whether the tensors fit Swin v1 and a Video Swin window of depth > 1 alike (a bias table
   * without an index buffer can); {@link #of} then says Swin v1.
   */
  public static boolean ambiguous(TensorSource source, String prefix) {
    return fits(source, prefix, Family.SWIN_V1, false)
        && fits(source, prefix, Family.VIDEO_SWIN, true);
  }

  private static boolean has(TensorSource source, String prefix, String name) {
    return source.contains(prefix + name);
  }

  /** Whether the tensors give {@code family} a window (of depth > 1 if {@code deep}). */
  private static boolean fits(TensorSource source, String prefix, Family family, boolean deep) {
    try {
      List<Window> windows = StateDictInspector.inspect(source, prefix, family).windows();
      return windows.stream().anyMatch(w -> !deep || w.depth() > 1);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The inspected module of the guessed family. */
  public static InspectedModule inspect(TensorSource source, String prefix) {
    if (source.names().stream().noneMatch(n -> n.startsWith(prefix))) {
      StateDictInspector.inspect(source, prefix, Family.SWIN_V1); // throws, listing the modules
    }
    return StateDictInspector.inspect(source, prefix, of(source, prefix));
  }
}
