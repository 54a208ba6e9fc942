package io.github.winattn.cli.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The 1000 class names of ImageNet-1k in class-index order (name {@code i} belongs to logit {@code
 * i} of every ImageNet-1k classifier), from the resource {@code imagenet-1k.txt} next to this
 * class: torchvision 0.14's {@code _IMAGENET_CATEGORIES}, written by {@code
 * tools/reference/make_imagenet_classes.py}.
 */
public final class ImageNetClasses {

  /** The number of ImageNet-1k classes. */
  public static final int COUNT = 1000;

  /** The resource, relative to this class. */
  public static final String RESOURCE = "imagenet-1k.txt";

  private static final ImageNetClasses SHIPPED = parse(readResource(), RESOURCE);

  private final List<String> names;

  private ImageNetClasses(List<String> names) {
    this.names = List.copyOf(names);
  }

  /** The shipped names (read and checked once). */
  public static ImageNetClasses load() {
    return SHIPPED;
  }

  /**
   * Names from a text of one name per line, each line ending in {@code \n}.
   *
   * @throws IllegalArgumentException naming {@code source} and the line: not 1000 lines, an empty,
   *     padded or repeated name
   */
  static ImageNetClasses parse(String text, String source) {
    if (!text.endsWith("\n")) {
      throw new IllegalArgumentException(source + ": the last line has no line break");
    }
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    if (lines.length != COUNT) {
      throw new IllegalArgumentException(
          source + ": " + lines.length + " class names, expected " + COUNT);
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < lines.length; i++) {
      String name = lines[i];
      if (name.isBlank() || !name.equals(name.strip()) || name.indexOf('\r') >= 0) {
        throw new IllegalArgumentException(
            source + " line " + (i + 1) + ": empty or padded class name '" + name + "'");
      }
      Integer before = seen.putIfAbsent(name, i);
      if (before != null) {
        throw new IllegalArgumentException(
            source
                + " line "
                + (i + 1)
                + ": class name '"
                + name
                + "' repeats line "
                + (before + 1));
      }
    }
    return new ImageNetClasses(List.of(lines));
  }

  private static String readResource() {
    try (InputStream in = ImageNetClasses.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "resource " + RESOURCE + " missing next to " + ImageNetClasses.class.getName());
      }
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(in.readAllBytes()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("resource " + RESOURCE + " is not UTF-8", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + RESOURCE, e);
    }
  }

  /** The number of names, {@value #COUNT}. */
  public int size() {
    return names.size();
  }

  /**
   * The name of class {@code index}.
   *
   * @throws IndexOutOfBoundsException naming the index, if outside 0..999
   */
  public String name(int index) {
    if (index < 0 || index >= names.size()) {
      throw new IndexOutOfBoundsException(
          "class " + index + " outside ImageNet-1k's 0.." + (names.size() - 1));
    }
    return names.get(index);
  }

  /** All names in class-index order (unmodifiable). */
  public List<String> names() {
    return names;
  }

  /**
   * Names for a classifier of {@code numClasses} logits: ImageNet-1k's for 1000, {@code "class i"}
   * for any other count (ImageNet-22k heads, fine-tuned models).
   */
  public static IntFunction<String> namesFor(int numClasses) {
    if (numClasses == COUNT) {
      return SHIPPED::name;
    }
    return i -> "class " + i;
  }
}
