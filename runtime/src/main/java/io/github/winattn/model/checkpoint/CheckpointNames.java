package io.github.winattn.model.checkpoint;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two namings of a Swin state dict. Everything in WinAttn uses the official names; {@link
 * #fileName} gives the name a tensor has in the file and {@link #officialName} the reverse.
 *
 * <ul>
 *   <li>{@link #OFFICIAL}: microsoft/Swin-Transformer, {@code layers.{i}.downsample.*} at the end
 *       of stage {@code i}, head {@code head.weight}.
 *   <li>{@link #TIMM}: timm moves the downsample to the start of the next stage, {@code
 *       layers.{i+1}.downsample.*}, and names the head {@code head.fc.*}; every other name is the
 *       same.
 * </ul>
 */
public enum CheckpointNames {
  OFFICIAL("official"),
  TIMM("timm");

  private static final Pattern DOWNSAMPLE =
      Pattern.compile("^layers\\.(\\d{1,4})\\.downsample\\.(.*)$");
  private static final String HEAD = "head.";
  private static final String TIMM_HEAD = "head.fc.";

  private final String id;

  CheckpointNames(String id) {
    this.id = id;
  }

  /** {@code official} or {@code timm}. */
  public String id() {
    return id;
  }

  @Override
  public String toString() {
    return id;
  }

  /** The name of official tensor {@code name} in a file of this naming. */
  public String fileName(String name) {
    if (this == OFFICIAL) {
      return name;
    }
    Matcher m = DOWNSAMPLE.matcher(name);
    if (m.matches()) {
      return "layers." + (Integer.parseInt(m.group(1)) + 1) + ".downsample." + m.group(2);
    }
    if (name.startsWith(HEAD)) {
      return TIMM_HEAD + name.substring(HEAD.length());
    }
    return name;
  }

  /**
   * The official name of tensor {@code name} of a file of this naming (the inverse of {@link
   * #fileName}).
   */
  public String officialName(String name) {
    if (this == OFFICIAL) {
      return name;
    }
    Matcher m = DOWNSAMPLE.matcher(name);
    if (m.matches()) {
      int stage = Integer.parseInt(m.group(1));
      return stage == 0 ? name : "layers." + (stage - 1) + ".downsample." + m.group(2);
    }
    if (name.startsWith(TIMM_HEAD)) {
      return HEAD + name.substring(TIMM_HEAD.length());
    }
    return name;
  }

  /**
   * The naming of a state dict: timm if it has {@code head.fc.*} or a downsample at the start of a
   * stage after the first and none in stage 0, else official (also for a one-stage model without
   * head, where both agree).
   */
  public static CheckpointNames detect(Set<String> names) {
    boolean stage0Downsample = false;
    boolean laterDownsample = false;
    boolean timmHead = false;
    for (String name : names) {
      Matcher m = DOWNSAMPLE.matcher(name);
      if (m.matches()) {
        if (Integer.parseInt(m.group(1)) == 0) {
          stage0Downsample = true;
        } else {
          laterDownsample = true;
        }
      }
      timmHead |= name.startsWith(TIMM_HEAD);
    }
    if (stage0Downsample) {
      return OFFICIAL;
    }
    return timmHead || laterDownsample ? TIMM : OFFICIAL;
  }
}
