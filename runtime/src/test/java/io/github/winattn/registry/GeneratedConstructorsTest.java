package io.github.winattn.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GeneratedConstructorsTest {

  /** A stand-in for a kernel interface. */
  public interface Kernel {}

  /** Binds any weights. */
  public static final class Good implements Kernel {
    final String weights;

    public Good(String weights) {
      this.weights = weights;
    }
  }

  /** Rejects its weights with its own message. */
  public static final class Rejecting implements Kernel {
    public Rejecting(String weights) {
      throw new IllegalArgumentException("weights " + weights + " have the wrong shape");
    }
  }

  /** Has no (String) constructor. */
  public static final class NoConstructor implements Kernel {
    public NoConstructor(Integer weights) {}
  }

  private final GeneratedConstructors<Kernel, String> constructors =
      new GeneratedConstructors<>(Kernel.class, String.class, "test class");
  private final ClassLoader loader = getClass().getClassLoader();

  @Test
  void bindsThroughTheWeightsConstructor() {
    Kernel k = constructors.instantiate(Good.class.getName(), "entry e", loader, "w");
    assertEquals("w", ((Good) k).weights);
  }

  @Test
  void theConstructorsOwnRejectionPassesThrough() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> constructors.instantiate(Rejecting.class.getName(), "entry e", loader, "w"));
    assertEquals("weights w have the wrong shape", e.getMessage());
  }

  @Test
  void eachBrokenClassIsNamedWithItsEntry() {
    String missing = "io.github.winattn.generated.DoesNotExist";
    KernelUnavailableException notFound =
        assertThrows(
            KernelUnavailableException.class,
            () -> constructors.instantiate(missing, "entry e", loader, "w"));
    assertTrue(
        notFound.getMessage().startsWith("the catalogue entry for entry e names class " + missing),
        notFound.getMessage());
    KernelUnavailableException notKernel =
        assertThrows(
            KernelUnavailableException.class,
            () -> constructors.instantiate(String.class.getName(), "entry e", loader, "w"));
    assertTrue(
        notKernel.getMessage().endsWith("does not implement " + Kernel.class.getName()),
        notKernel.getMessage());
    KernelUnavailableException noCtor =
        assertThrows(
            KernelUnavailableException.class,
            () -> constructors.instantiate(NoConstructor.class.getName(), "entry e", loader, "w"));
    assertEquals(
        "class " + NoConstructor.class.getName() + " has no public constructor (String)",
        noCtor.getMessage());
  }

  @Test
  void aWrongShapeNamesBoth() {
    KernelUnavailableException e = constructors.wrongShape("a.B", "shape 1", "shape 2");
    assertEquals(
        "test class a.B computes shape 1 but its catalogue entry says shape 2", e.getMessage());
    assertSame(KernelUnavailableException.class, e.getClass());
  }
}
