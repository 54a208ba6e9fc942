package io.github.winattn.registry;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;

/** A {@link System.Logger} that keeps every message as {@code "LEVEL message"}. */
final class RecordingLogger implements System.Logger {

  final List<String> lines = new ArrayList<>();

  @Override
  public String getName() {
    return "recording";
  }

  @Override
  public boolean isLoggable(Level level) {
    return true;
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
    lines.add(level.getName() + " " + msg);
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String format, Object... params) {
    lines.add(
        level.getName() + " " + (params == null ? format : MessageFormat.format(format, params)));
  }

  List<String> at(Level level) {
    return lines.stream().filter(l -> l.startsWith(level.getName() + " ")).toList();
  }
}
