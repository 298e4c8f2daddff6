// The offline studio's pixel passes, in C, where a chain of libvips operations cost several passes
// over the picture: libvips' sharpen converts to and from LabS (about 75 ms of a 1024×1280
// portrait's 400), the grade and light took five operations, and adding, blending and the
// weighted blur ran libvips' plain-C paths (its SIMD code is off, see VipsRuntime.swift).
#ifndef INFLIO_STUDIO_H
#define INFLIO_STUDIO_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

// Sharpens an 8-bit RGB picture's luma (Rec. 601) with a Gaussian of `sigma` pixels and adds the
// same change to each channel, so colours do not fringe. The response follows libvips' sharpen
// with m1 = 0: differences within `threshold` (flat areas, noise) are left alone, larger ones are
// amplified by `amount` and capped at +`max_lighten` and −`max_darken` (all in 0–255 luma).
// Returns 0, or -1 when memory ran out.
int inflio_sharpen_luma(const unsigned char *rgb, int width, int height, float sigma, float amount,
                        float threshold, float max_lighten, float max_darken, unsigned char *out);

// out = clamp(clamp(matrix · rgb) × light × scale + offsets), per pixel and channel: a colour
// matrix (3×3, row by row), then a light map (8-bit RGB, same size) and offsets per channel.
void inflio_grade_and_light(const unsigned char *rgb, const unsigned char *light, int width, int height,
                            const float *matrix, float scale, const float *offsets, unsigned char *out);

// out = min(255, a + b), byte by byte (`count` bytes): additive light.
void inflio_add_bytes(const unsigned char *a, const unsigned char *b, size_t count, unsigned char *out);

// out = rgb + light × mask/255 × (floor + (1 − floor) × luma(rgb)/255), rounded and clipped, for
// `pixels` 8-bit RGB pixels and a one-band mask: light a surface reflects, as much as the person
// shows there and the brighter the surface, the more (a rim light on dark hair is a sheen).
void inflio_add_reflected(const unsigned char *rgb, const unsigned char *light, const unsigned char *mask,
                          size_t pixels, float floor, unsigned char *out);

// out = (a × m + b × (255 − m)) / 255, rounded, for `pixels` pixels of `bands` interleaved bands
// and a one-band mask: a picture laid over another.
void inflio_blend_bytes(const unsigned char *a, const unsigned char *b, const unsigned char *mask, size_t pixels,
                        int bands, unsigned char *out);

// A Gaussian blur of `image` (`bands` 8-bit bands) that gathers only where `weights` (one band,
// 0–255) is high, falling back to `fallback` (same bands) where the blurred weights drop under
// `floor` (of 1): (blur(image × w) + floor × fallback) / (blur(w) + floor). The Gaussian is cut
// where it falls under 0.2 of its peak, as libvips' gaussblur; a sigma of 6 pixels or more runs
// on a copy shrunk to keep it about 3 wide. Returns 0, or -1 when memory ran out.
int inflio_weighted_blur(const unsigned char *image, const unsigned char *weights, const unsigned char *fallback,
                         int width, int height, int bands, float sigma, float floor, unsigned char *out);

#ifdef __cplusplus
}
#endif

#endif
