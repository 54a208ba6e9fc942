package io.github.winattn.cli.forward;

import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import java.util.Optional;

/**
 * What the command line says about the module: the parts a state dict cannot reveal (family,
 * window, qk_scale, pretrained window) and the ones checked against it (heads, with_qkv).
 *
 * @param family {@code --family}
 * @param window {@code --window}
 * @param heads {@code --heads}
 * @param qkScale {@code --qk-scale}, empty for the default
 * @param noQkv {@code --no-qkv}
 * @param effectiveWindow {@code --effective-window}, empty when the tokens fill the window
 * @param pretrainedWindow {@code --pretrained-window}, empty when the module has none
 */
public record ModuleFlags(
    Family family,
    Window window,
    int heads,
    Optional<Float> qkScale,
    boolean noQkv,
    Optional<Window> effectiveWindow,
    Optional<Window> pretrainedWindow) {

  public ModuleFlags {
    if (family == null
        || window == null
        || qkScale == null
        || effectiveWindow == null
        || pretrainedWindow == null) {
      throw new IllegalArgumentException("module flags must not be null (use Optional.empty())");
    }
  }
}
