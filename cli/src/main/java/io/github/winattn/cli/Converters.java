package io.github.winattn.cli;

import io.github.winattn.registry.KernelChoice;
import io.github.winattn.shape.Family;
import io.github.winattn.shape.Window;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters for the domain types; a bad value is a usage error naming the option. */
final class Converters {

  private Converters() {}

  static final class FamilyConverter implements ITypeConverter<Family> {
    @Override
    public Family convert(String value) {
      try {
        return Family.fromId(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class WindowConverter implements ITypeConverter<Window> {
    @Override
    public Window convert(String value) {
      try {
        return Window.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class KernelChoiceConverter implements ITypeConverter<KernelChoice> {
    @Override
    public KernelChoice convert(String value) {
      try {
        return KernelChoice.fromId(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
