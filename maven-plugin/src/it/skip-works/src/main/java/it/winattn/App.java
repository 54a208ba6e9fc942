package it.winattn;

/** Compiles without any generated kernel. */
public final class App {
  private App() {}
}
