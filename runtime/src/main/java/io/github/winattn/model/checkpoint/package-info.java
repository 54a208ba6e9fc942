/**
 * What a Swin checkpoint's state dict says about itself: which naming it uses (the official
 * repository's or timm's) and the configuration its tensor names and shapes reveal.
 */
package io.github.winattn.model.checkpoint;
