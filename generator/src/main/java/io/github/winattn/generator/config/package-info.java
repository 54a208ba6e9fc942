/**
 * The shapes configuration file ({@code src/main/winattn/kernels.yaml}): parsing with SnakeYAML
 * Engine's node API, model presets, and strict validation that reports every problem at once as
 * {@code file:line:column: message} before anything is generated.
 *
 * <p>Entry point: {@link io.github.winattn.generator.config.ConfigLoader}.
 */
package io.github.winattn.generator.config;
