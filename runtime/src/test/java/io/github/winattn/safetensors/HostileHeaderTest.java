package io.github.winattn.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Headers built to exhaust memory or the terminal: too many tensors, huge shapes and names, and
 * names with terminal escapes. Each fails fast with a short message and no control character.
 */
class HostileHeaderTest {

  @TempDir Path dir;

  private static final String EMPTY = "{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}";

  /** {@code {"t0": EMPTY, "t1": EMPTY, ...}} with {@code n} zero-size tensors. */
  private static String zeroSizeTensors(int n) {
    StringBuilder sb = new StringBuilder(n * 64).append('{');
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":").append(EMPTY);
    }
    return sb.append('}').toString();
  }

  private String failure(String header) throws Exception {
    Path p = Files2.craft(dir, "hostile.safetensors", header, new byte[0]);
    return assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.open(p))
        .getMessage();
  }

  @Test
  void tooManyTensorsFailWithTheLimit() throws Exception {
    assertEquals(
        dir.resolve("hostile.safetensors")
            + ": the header declares 100001 tensors, more"
            + " than the limit of 100000",
        failure(zeroSizeTensors(100_001)));
    String m = failure(zeroSizeTensors(100_003));
    assertTrue(
        m.contains(
            ": more than 100001 members in one object (a header holds at most 100000"
                + " tensors and __metadata__)"),
        m);
  }

  @Test
  void theLimitItselfIsAccepted() throws Exception {
    Path p = Files2.craft(dir, "many.safetensors", zeroSizeTensors(100_000), new byte[0]);
    try (SafetensorsFile f = SafetensorsFile.open(p)) {
      assertEquals(100_000, f.names().size());
    }
  }

  @Test
  void hugeShapesAndNamesAreCapped() throws Exception {
    String rank65 = "[" + "1,".repeat(64) + "1]";
    String m =
        failure("{\"a\":{\"dtype\":\"F32\",\"shape\":" + rank65 + ",\"data_offsets\":[0,4]}}");
    assertTrue(m.contains("more than 64 elements in one array"), m);
    String longName = "n".repeat(4097);
    m = failure("{\"" + longName + "\":" + EMPTY + "}");
    assertTrue(m.contains("at character 1: a key of 4097 chars, longer than the limit of 4096"), m);
  }

  @Test
  void longNamesAreShortenedInMessages() throws Exception {
    String name = "x".repeat(4000);
    String m =
        failure("{\"" + name + "\":{\"dtype\":\"F99\",\"shape\":[0],\"data_offsets\":[0,0]}}");
    assertTrue(
        m.contains("tensor '" + "x".repeat(200) + "... (3800 more chars)': unknown dtype"), m);
    assertTrue(m.length() < 600, m);
  }

  @Test
  void terminalEscapesInNamesAreEscaped() throws Exception {
    // ESC [31m, an OSC title sequence ended by BEL, a C1 CSI, a bidi override, written as JSON
    // escapes
    String name = "\\u001b[31mred\\u001b]0;pwned\\u0007\\u009b2J\\u202e";
    String m =
        failure("{\"" + name + "\":{\"dtype\":\"F99\",\"shape\":[0],\"data_offsets\":[0,0]}}");
    assertTrue(m.contains("tensor '\\u001b[31mred\\u001b]0;pwned\\u0007\\u009b2J\\u202e':"), m);
    assertFalse(m.chars().anyMatch(c -> Character.isISOControl(c) || c == 0x202e), m);
    String dtype =
        failure("{\"a\":{\"dtype\":\"\\u001b]8;;x\\u0007\",\"shape\":[0],\"data_offsets\":[0,0]}}");
    assertTrue(dtype.contains("unknown dtype '\\u001b]8;;x\\u0007'"), dtype);
  }
}
