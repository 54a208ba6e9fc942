package io.github.winattn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.winattn.safetensors.SafetensorsFile;
import io.github.winattn.safetensors.SafetensorsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code winattn classify} reproduces the model vectors' float64 logits. */
class ClassifyCommandTest {

  static final Path ROOT = Path.of("../runtime/src/test/resources/model-vectors");

  @TempDir Path tmp;

  @Test
  void reproducesTheLogitsOfAVectorOfEachFamilyAndNaming() throws Exception {
    for (String[] c :
        new String[][] {
          {"model_swin_v1_32_e16_d2-2_h1-2_b2_timm", "swin_v1", "32", ""},
          {"model_swin_v1_64_e16_d2-2-1_h1-2-4_mlp2_ape_nopatchnorm", "swin_v1", "64", ""},
          {"model_swin_v2_32_e16_d2-2_h2-4_pre6-3", "swin_v2", "32", "6,3"},
          {"model_swin_v2_64x32_e16_d2-2-1_h1-2-4_ape", "swin_v2", "64x32", ""}
        }) {
      Path dir = ROOT.resolve(c[0]);
      Path out = tmp.resolve(c[0] + ".safetensors");
      List<String> args =
          new java.util.ArrayList<>(
              List.of(
                  "classify",
                  "--family",
                  c[1],
                  "--weights",
                  dir.resolve("weights.safetensors").toString(),
                  "--input",
                  dir.resolve("io.safetensors").toString(),
                  "--out",
                  out.toString(),
                  "--image-size",
                  c[2],
                  "--threads",
                  "2",
                  "--expect",
                  dir.resolve("io.safetensors").toString()));
      if (!c[3].isEmpty()) {
        args.addAll(List.of("--pretrained-windows", c[3]));
      }
      CliRun run = CliRun.of(args.toArray(new String[0]));
      assertEquals(0, run.exit(), run.toString());
      assertTrue(run.out().contains("max |logits - output_f64|"), run.toString());
      assertTrue(run.out().contains("within tolerance"), run.toString());
      try (SafetensorsFile f = SafetensorsFile.open(out);
          SafetensorsFile io = SafetensorsFile.open(dir.resolve("io.safetensors"))) {
        assertEquals(io.shape("output"), f.shape("logits"));
      }
    }
  }

  @Test
  void contradictingFlagsAreOneErrorNamingEachAndWriteNothing() {
    Path dir = ROOT.resolve("model_swin_v1_32_e16_d2-2_h1-2_b2");
    Path out = tmp.resolve("o.safetensors");
    CliRun run =
        CliRun.of(
            "classify",
            "--family",
            "swin_v1",
            "--weights",
            dir.resolve("weights.safetensors").toString(),
            "--input",
            dir.resolve("io.safetensors").toString(),
            "--out",
            out.toString(),
            "--image-size",
            "32",
            "--depths",
            "2,2,6,2",
            "--classes",
            "1000");
    assertEquals(1, run.exit(), run.toString());
    assertTrue(
        run.err().contains("depths [2, 2, 6, 2] was given, but the tensors say [2, 2]"),
        run.toString());
    assertTrue(
        run.err().contains("classes 1000 was given, but the tensors say 10"), run.toString());
    assertFalse(Files.exists(out));
  }

  @Test
  void aWrongImageSizeIsFoundInTheStoredMask() {
    Path dir = ROOT.resolve("model_swin_v1_32_e16_d2-2_h1-2_b2");
    CliRun run =
        CliRun.of(
            "classify",
            "--family",
            "swin_v1",
            "--weights",
            dir.resolve("weights.safetensors").toString(),
            "--input",
            dir.resolve("io.safetensors").toString(),
            "--image-size",
            "64");
    assertEquals(1, run.exit(), run.toString());
    // the stored attn_mask of a shifted block reveals the image size
    assertTrue(
        run.err()
            .contains(
                "tensor 'layers.0.blocks.1.attn_mask' has shape (4, 16, 16), expected (16, 16, 16)"
                    + " (nW follows from the image size 64x64)"),
        run.toString());
  }

  @Test
  void anImageFileGivesTheLogitsOfItsTorchvisionTensorAndTheTopFive() throws Exception {
    // gray.png under the eval transform at 32x32, crop 1.0: torchvision's tensor, made by
    // tools/reference/make_image_vectors.py; the Java transform is bit-identical to it
    Path images = Path.of("src/test/resources/image-vectors");
    Path dir = ROOT.resolve("model_swin_v1_32_e16_d2-2_h1-2_b2");
    Path tensor = tmp.resolve("torchvision.safetensors");
    try (SafetensorsFile v = SafetensorsFile.open(images.resolve("gray_png_32.safetensors"))) {
      new SafetensorsWriter().putF32("input", v.readFloats("expected"), 1, 3, 32, 32).write(tensor);
    }
    Path fromTensor = tmp.resolve("a.safetensors");
    Path fromImage = tmp.resolve("b.safetensors");
    String weights = dir.resolve("weights.safetensors").toString();
    CliRun a =
        CliRun.of(
            "classify",
            "--family",
            "swin_v1",
            "--weights",
            weights,
            "--image-size",
            "32",
            "--input",
            tensor.toString(),
            "--out",
            fromTensor.toString());
    CliRun b =
        CliRun.of(
            "classify",
            "--family",
            "swin_v1",
            "--weights",
            weights,
            "--image-size",
            "32",
            "--image",
            images.resolve("images/gray.png").toString(),
            "--crop-pct",
            "1.0",
            "--out",
            fromImage.toString());
    assertEquals(0, a.exit(), a.toString());
    assertEquals(0, b.exit(), b.toString());
    try (SafetensorsFile la = SafetensorsFile.open(fromTensor);
        SafetensorsFile lb = SafetensorsFile.open(fromImage)) {
      assertArrayEquals(la.readFloats("logits"), lb.readFloats("logits"));
    }
    assertTrue(b.out().contains("gray.png"), b.toString());
    assertEquals(
        5,
        b.out()
            .lines()
            .filter(l -> l.matches(" +[1-5]\\. [01]\\.\\d{4}  class \\d \\(\\d\\)"))
            .count(),
        b.toString());
  }

  @Test
  void inputAndImageAreExclusiveAndABadImageIsNamed() {
    Path dir = ROOT.resolve("model_swin_v1_32_e16_d2-2_h1-2_b2");
    String weights = dir.resolve("weights.safetensors").toString();
    CliRun both =
        CliRun.of(
            "classify",
            "--family",
            "swin_v1",
            "--weights",
            weights,
            "--image-size",
            "32",
            "--input",
            dir.resolve("io.safetensors").toString(),
            "--image",
            "x.png");
    assertEquals(2, both.exit(), both.toString());
    assertTrue(both.err().contains("mutually exclusive"), both.toString());
    Path notAnImage = dir.resolve("weights.safetensors");
    CliRun bad =
        CliRun.of(
            "classify",
            "--family",
            "swin_v1",
            "--weights",
            weights,
            "--image-size",
            "32",
            "--image",
            notAnImage.toString());
    assertEquals(1, bad.exit(), bad.toString());
    assertTrue(bad.err().contains("weights.safetensors"), bad.toString());
  }
}
