/**
 * Reading and writing the <a href="https://huggingface.co/docs/safetensors">safetensors</a> format
 * with the JDK only: an 8-byte little-endian header length, a JSON header naming each tensor's
 * dtype, shape and byte range, then the raw little-endian data.
 *
 * <p>Files are untrusted input: {@link io.github.winattn.safetensors.SafetensorsFile#open} checks
 * the whole header against the file size before anything is allocated from it, and every error
 * names the file and the tensor. {@link io.github.winattn.safetensors.SafetensorsWriter} writes
 * deterministic bytes atomically.
 */
package io.github.winattn.safetensors;
