package io.github.winattn.kernel;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Where packed weights start in their arrays, so that a 64-byte vector load never straddles two
 * cache lines.
 *
 * <p>Why: an AVX-512 load of 16 floats that crosses a 64-byte line costs two L1 accesses. The
 * kernels stream their packed weight panels with such loads, and HotSpot puts element 0 of a {@code
 * float[]} 16 bytes after the array's start (the header). G1, the default collector, places every
 * array of at least half a heap region (a "humongous" object: 512 KB with 1 MB regions, the region
 * size grows with the heap) at the start of a region, so element 0 sits 16 bytes past a line and
 * every load of the panels straddles two lines. Packing from element {@link #FLOAT_PAD} instead
 * puts the panels on line boundaries: a Swin-T stage-3 MLP block ran 10% faster in a measurement.
 * Smaller arrays lie anywhere on 8-byte boundaries (Java has no aligned allocation), where the pad
 * neither helps nor hurts.
 *
 * <p>The pad only moves where the floats lie: results do not depend on it.
 */
public final class CacheLines {

  /** Bytes per cache line, and per 16-float vector. */
  public static final int BYTES = 64;

  /**
   * Floats before the first packed weight of an array: 12 with HotSpot's usual 16-byte array header
   * (13 with compact object headers, 11 or 10 without compressed class pointers). Override with
   * {@code -Dwinattn.arrayBaseOffset=BYTES} on another JVM.
   */
  public static final int FLOAT_PAD = floatPad(arrayBaseOffset());

  private CacheLines() {}

  /** The pad that moves an element {@code baseOffset} bytes past a line start to the next line. */
  static int floatPad(int baseOffset) {
    if (baseOffset < 0 || baseOffset % Float.BYTES != 0) {
      throw new IllegalArgumentException(
          "a float array's data starts at a non-negative multiple of 4 bytes, not " + baseOffset);
    }
    return (BYTES - baseOffset % BYTES) % BYTES / Float.BYTES;
  }

  /**
   * Bytes from a {@code float[]}'s start to element 0: the system property if set, else what
   * HotSpot's flags give, else 16.
   */
  static int arrayBaseOffset() {
    String forced = System.getProperty("winattn.arrayBaseOffset");
    if (forced != null) {
      int bytes;
      try {
        bytes = Integer.parseInt(forced.trim());
      } catch (NumberFormatException e) {
        bytes = -1;
      }
      if (bytes < 0 || bytes % Float.BYTES != 0) {
        throw new IllegalArgumentException(
            "-Dwinattn.arrayBaseOffset must be a non-negative multiple of 4 bytes, got '"
                + forced
                + "'");
      }
      return bytes;
    }
    try {
      HotSpotDiagnosticMXBean vm =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      if (vm == null) {
        return 16;
      }
      if (flag(vm, "UseCompactObjectHeaders")) {
        return 12; // 8-byte header with the class, 4-byte length
      }
      if (flag(vm, "UseCompressedClassPointers")) {
        return 16; // 12-byte header, 4-byte length
      }
      // 16-byte header, 4-byte length; before JDK 22 the elements began on the next 8 bytes
      return Runtime.version().feature() >= 22 ? 20 : 24;
    } catch (RuntimeException | LinkageError e) {
      return 16; // not HotSpot, or no management module: the common layout
    }
  }

  private static boolean flag(HotSpotDiagnosticMXBean vm, String name) {
    try {
      return Boolean.parseBoolean(vm.getVMOption(name).getValue());
    } catch (IllegalArgumentException e) {
      return false; // this JDK has no such flag
    }
  }
}
