// The offline studio's full-size pixel passes, in C, where a chain of libvips operations cost
// several passes over the picture: libvips' sharpen converts to and from LabS (about 75 ms of a
// 1024×1280 portrait's 400), and the grade and light took five operations.
#ifndef INFLIO_STUDIO_H
#define INFLIO_STUDIO_H

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

#ifdef __cplusplus
}
#endif

#endif
