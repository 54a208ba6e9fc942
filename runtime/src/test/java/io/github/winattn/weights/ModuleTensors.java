package io.github.winattn.weights;

import io.github.winattn.shape.AttentionShape;
import io.github.winattn.shape.Family;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A mutable state dict for tests: a complete, valid module for a shape (seeded random parameters,
 * buffers computed here from the SPEC formulas, independently of the code under test), which a test
 * then breaks.
 */
final class ModuleTensors {

  private record T(long[] shape, float[] floats, long[] longs) {}

  private final Map<String, T> tensors = new LinkedHashMap<>();
  final String prefix;

  private ModuleTensors(String prefix) {
    this.prefix = prefix;
  }

  /** Every parameter and buffer of {@code shape}'s module under {@code prefix}. */
  static ModuleTensors valid(AttentionShape shape, String prefix, long seed) {
    ModuleTensors m = new ModuleTensors(prefix);
    Random r = new Random(seed);
    int c = shape.dim();
    int h = shape.heads();
    boolean v2 = shape.family() == Family.SWIN_V2;
    if (shape.withQkv()) {
      m.floats("qkv.weight", random(r, 3 * c * c, 0.3), 3 * c, c);
      if (shape.qkvBias() && !v2) {
        m.floats("qkv.bias", random(r, 3 * c, 0.3), 3 * c);
      }
      if (shape.qkvBias() && v2) {
        m.floats("q_bias", random(r, c, 0.3), c);
        m.floats("v_bias", random(r, c, 0.3), c);
      }
      m.floats("proj.weight", random(r, c * c, 0.3), c, c);
      m.floats("proj.bias", random(r, c, 0.3), c);
    }
    int wd = shape.window().depth();
    int wh = shape.window().height();
    int ww = shape.window().width();
    int n = wd * wh * ww;
    if (v2) {
      m.floats("logit_scale", random(r, h, 2), h, 1, 1);
      m.floats("cpb_mlp.0.weight", random(r, 512 * 2, 1), 512, 2);
      m.floats("cpb_mlp.0.bias", random(r, 512, 0.5), 512);
      m.floats("cpb_mlp.2.weight", random(r, h * 512, 0.05), h, 512);
      m.floats(
          "relative_coords_table",
          coordsTable(wh, ww, shape.pretrainedWindow().height(), shape.pretrainedWindow().width()),
          1,
          2 * wh - 1,
          2 * ww - 1,
          2);
    } else {
      int rows = (2 * wd - 1) * (2 * wh - 1) * (2 * ww - 1);
      m.floats("relative_position_bias_table", random(r, rows * h, 1), rows, h);
    }
    long[] index = new long[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        int di = i / (wh * ww) - j / (wh * ww);
        int hi = i / ww % wh - j / ww % wh;
        int wi = i % ww - j % ww;
        index[i * n + j] =
            ((long) (di + wd - 1) * (2 * wh - 1) + (hi + wh - 1)) * (2 * ww - 1) + (wi + ww - 1);
      }
    }
    if (shape.family() == Family.TEMPORAL) {
      m.longs("relative_coords", index, (long) n * n);
    } else {
      m.longs("relative_position_index", index, n, n);
    }
    return m;
  }

  /** The Swin v2 coords table in double, rounded to float at the end. */
  static float[] coordsTable(int wh, int ww, int ph, int pw) {
    float[] t = new float[(2 * wh - 1) * (2 * ww - 1) * 2];
    int k = 0;
    for (int dh = -(wh - 1); dh <= wh - 1; dh++) {
      for (int dw = -(ww - 1); dw <= ww - 1; dw++) {
        t[k++] = (float) log8(8.0 * dh / (ph - 1));
        t[k++] = (float) log8(8.0 * dw / (pw - 1));
      }
    }
    return t;
  }

  /** {@code sign(x) * log2(|x| + 1) / log2(8)}. */
  static double log8(double x) {
    return Math.signum(x) * Math.log(Math.abs(x) + 1) / Math.log(8);
  }

  private static float[] random(Random r, int n, double scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
    }
    return a;
  }

  ModuleTensors floats(String name, float[] values, long... shape) {
    tensors.put(prefix + name, new T(shape, values, null));
    return this;
  }

  ModuleTensors longs(String name, long[] values, long... shape) {
    tensors.put(prefix + name, new T(shape, null, values));
    return this;
  }

  /** Adds a tensor by its full name (outside or inside the prefix). */
  ModuleTensors raw(String fullName, float[] values, long... shape) {
    tensors.put(fullName, new T(shape, values, null));
    return this;
  }

  ModuleTensors remove(String name) {
    if (tensors.remove(prefix + name) == null) {
      throw new IllegalStateException("no " + prefix + name);
    }
    return this;
  }

  float[] floats(String name) {
    return tensors.get(prefix + name).floats().clone();
  }

  long[] longs(String name) {
    return tensors.get(prefix + name).longs().clone();
  }

  InMemoryTensorSource source() {
    InMemoryTensorSource.Builder b = InMemoryTensorSource.builder("test.safetensors");
    tensors.forEach(
        (name, t) -> {
          if (t.floats() != null) {
            b.floats(name, t.floats(), t.shape());
          } else {
            b.longs(name, t.longs(), t.shape());
          }
        });
    return b.build();
  }
}
