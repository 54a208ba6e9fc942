package io.github.winattn.model.checkpoint;

import io.github.winattn.diagnostics.UntrustedText;
import io.github.winattn.shape.Family;
import io.github.winattn.weights.TensorSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the tensors of a Swin state dict reveal, under official names. Nothing here is checked
 * against a configuration; {@link #problems()} lists what made a value impossible to read (such as
 * a non-square patch kernel or a gap in the block numbers).
 *
 * @param family v2 if an attention has {@code logit_scale} or {@code cpb_mlp}, v1 if one has {@code
 *     relative_position_bias_table}
 * @param embedDim, inChans, patchSize from {@code patch_embed.proj.weight (C, in_chans, p, p)}
 * @param depths blocks per stage, from the {@code layers.{i}.blocks.{j}} names
 * @param heads per stage, from the first block's bias table (v1) or {@code logit_scale} (v2); -1
 *     where that tensor is missing
 * @param window from stage 0's first block: the v1 bias table {@code ((2w-1)^2, heads)}, else the
 *     {@code relative_position_index (w^2, w^2)} or v2 {@code relative_coords_table (1, 2w-1, 2w-1,
 *     2)}; the clamped window when stage 0 is clamped, which gives the same model
 * @param classes rows of {@code head.weight}, 0 without a head
 * @param hidden features of stage 0's first {@code mlp.fc1}
 * @param qkvBias whether stage 0's first attention has {@code qkv.bias} (v1) or {@code q_bias} (v2)
 * @param ape whether {@code absolute_pos_embed} exists
 * @param patchNorm whether {@code patch_embed.norm.weight} exists
 */
public record SwinStateDictFacts(
    Optional<Family> family,
    OptionalInt embedDim,
    OptionalInt inChans,
    OptionalInt patchSize,
    List<Integer> depths,
    List<Integer> heads,
    OptionalInt window,
    int classes,
    OptionalInt hidden,
    Optional<Boolean> qkvBias,
    boolean ape,
    boolean patchNorm,
    List<String> problems) {

  private static final Pattern BLOCK =
      Pattern.compile("^layers\\.(\\d{1,4})\\.blocks\\.(\\d{1,5})\\..*");

  public SwinStateDictFacts {
    depths = List.copyOf(depths);
    heads = List.copyOf(heads);
    problems = List.copyOf(problems);
  }

  /** Reads the facts of {@code source}, whose names follow {@code names}. */
  public static SwinStateDictFacts of(TensorSource source, CheckpointNames names) {
    List<String> problems = new ArrayList<>();
    Reader r = new Reader(source, names);
    boolean v2 = false;
    boolean v1 = false;
    TreeMap<Integer, Integer> blocks = new TreeMap<>();
    TreeMap<Integer, java.util.TreeSet<Integer>> seen = new TreeMap<>();
    for (String file : source.names()) {
      String name = names.officialName(file);
      v2 |= name.endsWith(".attn.logit_scale") || name.contains(".attn.cpb_mlp.");
      v1 |= name.endsWith(".attn.relative_position_bias_table");
      Matcher m = BLOCK.matcher(name);
      if (m.matches()) {
        int stage = Integer.parseInt(m.group(1));
        int block = Integer.parseInt(m.group(2));
        seen.computeIfAbsent(stage, k -> new java.util.TreeSet<>()).add(block);
        blocks.merge(stage, block + 1, Math::max);
      }
    }
    Optional<Family> family = Optional.empty();
    if (v1 && v2) {
      problems.add(
          "the attentions have both relative_position_bias_table (swin_v1) and logit_scale or"
              + " cpb_mlp (swin_v2)");
    } else if (v1 || v2) {
      family = Optional.of(v2 ? Family.SWIN_V2 : Family.SWIN_V1);
    }
    List<Integer> depths = new ArrayList<>();
    if (!blocks.isEmpty()) {
      int stages = blocks.lastKey() + 1;
      for (int i = 0; i < stages; i++) {
        Integer d = blocks.get(i);
        if (d == null) {
          problems.add(
              "no tensor of stage "
                  + i
                  + " (layers."
                  + i
                  + ".blocks.*) though stage "
                  + (stages - 1)
                  + " has some");
          depths.add(0);
          continue;
        }
        java.util.TreeSet<Integer> present = seen.get(i);
        if (present.size() != d) {
          for (int j = 0; j < d; j++) {
            if (!present.contains(j)) {
              problems.add(
                  "no tensor of block layers."
                      + i
                      + ".blocks."
                      + j
                      + " though layers."
                      + i
                      + ".blocks."
                      + (d - 1)
                      + " exists");
              break;
            }
          }
        }
        depths.add(d);
      }
    }
    OptionalInt embedDim = OptionalInt.empty();
    OptionalInt inChans = OptionalInt.empty();
    OptionalInt patch = OptionalInt.empty();
    List<Long> proj = r.shape("patch_embed.proj.weight");
    if (proj != null) {
      if (proj.size() == 4 && proj.get(2).equals(proj.get(3)) && fits(proj)) {
        embedDim = OptionalInt.of(proj.get(0).intValue());
        inChans = OptionalInt.of(proj.get(1).intValue());
        patch = OptionalInt.of(proj.get(2).intValue());
      } else {
        problems.add(
            "tensor '"
                + UntrustedText.quote(names.fileName("patch_embed.proj.weight"))
                + "' has shape "
                + proj
                + ", expected (embed_dim, in_chans, p, p)");
      }
    }
    List<Integer> heads = new ArrayList<>();
    for (int i = 0; i < depths.size(); i++) {
      String attn = "layers." + i + ".blocks.0.attn.";
      List<Long> t = r.shape(attn + (v2 ? "logit_scale" : "relative_position_bias_table"));
      int h = -1;
      if (t != null && fits(t)) {
        h =
            v2
                ? (t.isEmpty() ? -1 : t.get(0).intValue())
                : (t.size() == 2 ? t.get(1).intValue() : -1);
      }
      heads.add(h);
    }
    OptionalInt window = OptionalInt.empty();
    String attn0 = "layers.0.blocks.0.attn.";
    List<Long> table = r.shape(attn0 + "relative_position_bias_table");
    List<Long> index = r.shape(attn0 + "relative_position_index");
    List<Long> coords = r.shape(attn0 + "relative_coords_table");
    if (!v2 && table != null && table.size() == 2) {
      window = sideOfTable(table.get(0));
    } else if (index != null && index.size() == 2 && index.get(0).equals(index.get(1))) {
      long n = index.get(0);
      long w = Math.round(Math.sqrt((double) n));
      window = w * w == n && w > 0 && w < 10_000 ? OptionalInt.of((int) w) : OptionalInt.empty();
    } else if (v2 && coords != null && coords.size() == 4 && coords.get(1).equals(coords.get(2))) {
      long side = coords.get(1);
      window =
          side % 2 == 1 && side < 20_000
              ? OptionalInt.of((int) (side + 1) / 2)
              : OptionalInt.empty();
    }
    List<Long> head = r.shape("head.weight");
    int classes = head != null && head.size() == 2 && fits(head) ? head.get(0).intValue() : 0;
    List<Long> fc1 = r.shape("layers.0.blocks.0.mlp.fc1.weight");
    OptionalInt hidden =
        fc1 != null && fc1.size() == 2 && fits(fc1)
            ? OptionalInt.of(fc1.get(0).intValue())
            : OptionalInt.empty();
    Optional<Boolean> qkvBias = Optional.empty();
    if (r.shape(attn0 + "qkv.weight") != null) {
      qkvBias = Optional.of(r.shape(attn0 + (v2 ? "q_bias" : "qkv.bias")) != null);
    }
    return new SwinStateDictFacts(
        family,
        embedDim,
        inChans,
        patch,
        depths,
        heads,
        window,
        classes,
        hidden,
        qkvBias,
        r.shape("absolute_pos_embed") != null,
        r.shape("patch_embed.norm.weight") != null,
        problems);
  }

  /** {@code w} with {@code (2w-1)^2 == rows}, if there is one. */
  private static OptionalInt sideOfTable(long rows) {
    long side = Math.round(Math.sqrt((double) rows));
    if (side * side != rows || side % 2 == 0 || side > 20_000) {
      return OptionalInt.empty();
    }
    return OptionalInt.of((int) (side + 1) / 2);
  }

  private static boolean fits(List<Long> shape) {
    for (long d : shape) {
      if (d > Integer.MAX_VALUE) {
        return false;
      }
    }
    return true;
  }

  /** Shapes by official name. */
  private record Reader(TensorSource source, CheckpointNames names) {
    List<Long> shape(String official) {
      String file = names.fileName(official);
      return source.contains(file) ? source.shape(file) : null;
    }
  }
}
