package io.github.winattn.cli.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped class names and the checks on the file. */
class ImageNetClassesTest {

  @Test
  void thousandUniqueNonEmptyNames() {
    List<String> names = ImageNetClasses.load().names();
    assertEquals(1000, names.size());
    assertEquals(1000, new HashSet<>(names).size());
    for (String n : names) {
      assertTrue(!n.isBlank() && n.equals(n.strip()), "'" + n + "'");
    }
  }

  @Test
  void namesAreInClassIndexOrder() {
    ImageNetClasses classes = ImageNetClasses.load();
    // facts of ImageNet-1k's index: 0 tench, 1 goldfish, 281 tabby cat, 999 toilet tissue
    assertEquals("tench", classes.name(0));
    assertEquals("goldfish", classes.name(1));
    assertEquals("tabby", classes.name(281));
    assertEquals("toilet tissue", classes.name(999));
    assertThrows(IndexOutOfBoundsException.class, () -> classes.name(1000));
  }

  @Test
  void namesForOtherHeadsAreNumbered() {
    assertEquals("tabby", ImageNetClasses.namesFor(1000).apply(281));
    assertEquals("class 281", ImageNetClasses.namesFor(21841).apply(281));
  }

  @Test
  void badFilesAreRefusedWithTheLine() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      text.append("n").append(i).append('\n');
    }
    assertEquals(1000, ImageNetClasses.parse(text.toString(), "t").size());
    assertEquals(
        "t: 999 class names, expected 1000",
        assertThrows(
                IllegalArgumentException.class,
                () -> ImageNetClasses.parse(text.substring(text.indexOf("\n") + 1), "t"))
            .getMessage());
    assertEquals(
        "t line 3: class name 'n1' repeats line 2",
        assertThrows(
                IllegalArgumentException.class,
                () -> ImageNetClasses.parse(text.toString().replace("n2\n", "n1\n"), "t"))
            .getMessage());
    assertEquals(
        "t line 1: empty or padded class name ' n0'",
        assertThrows(IllegalArgumentException.class, () -> ImageNetClasses.parse(" " + text, "t"))
            .getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> ImageNetClasses.parse(text.toString().strip(), "t"));
  }
}
