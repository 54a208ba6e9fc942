/**
 * Attention on whole feature maps: the shift, window partition, padding, reverse and roll back of
 * the official Swin, Video Swin and temporal blocks as index arithmetic around a window kernel,
 * with the shifted-window mask replaced by region ids (cross-region pairs are skipped, never given
 * -100).
 */
package io.github.winattn.featuremap;
