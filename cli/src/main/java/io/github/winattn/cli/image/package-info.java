/**
 * Images for {@code winattn classify --image}: decoding a JPEG or PNG into 8-bit RGB ({@link
 * ImageDecoder}), the ImageNet evaluation transform of the official Swin repository and timm
 * (bicubic resize exactly as Pillow computes it, centre crop, {@code ToTensor}, mean/std; {@link
 * EvalTransform}), the batch the model takes ({@link ImageInput}), and the ImageNet-1k class names
 * with a top-k formatter for the logits ({@link ImageNetClasses}, {@link TopK}). JDK only ({@code
 * javax.imageio}); {@code docs/preprocessing.md} gives the exact transform and the measured
 * agreement with Pillow and torchvision.
 */
package io.github.winattn.cli.image;
