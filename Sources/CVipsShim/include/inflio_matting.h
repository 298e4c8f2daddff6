// Per-pixel matting arithmetic in C, so it costs the same in debug builds as in release ones:
// pictures shrunk for a model, a matte snapped to the photo's edges, and the colours of the
// person at its soft edge.
#ifndef INFLIO_MATTING_H
#define INFLIO_MATTING_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

// The mean colour of each of out_width × out_height blocks of the rectangle (left, top, width,
// height) of an 8-bit RGB picture of `stride` pixels per row: a picture shrunk for a model.
// Returns 0, or -1 when memory ran out.
int inflio_average_rgb(const unsigned char *rgb, int stride, int left, int top, int width, int height,
                       int out_width, int out_height, unsigned char *out);

// The same for an 8-bit picture of `bands` (1–4) interleaved bands.
int inflio_average_bytes(const unsigned char *pixels, int stride, int bands, int left, int top, int width,
                         int height, int out_width, int out_height, unsigned char *out);

// The mean of each of out_width × out_height blocks of a width × height float plane.
void inflio_average_plane(const float *plane, int width, int height, int out_width, int out_height, float *out);

// A segmentation model's coarse probabilities (0–255, enlarged to width × height) made into a
// matte that follows the photo's own edges: a guided filter (He, Sun and Tang, "Guided Image
// Filtering", 2013) with the photo's colour as the guide, over a box of `size` pixels with
// regularisation `eps` (in 0–1 units squared), then a smoothstep from `low` to `high` so the
// matte is firmly 0 or 1 away from the edge, then times limit / 255 (0 where the picture has
// nothing, beyond the photo). Returns 0, or -1 when memory ran out.
int inflio_matte_refine(const unsigned char *rgb, const unsigned char *probability, const unsigned char *limit,
                        int width, int height, int size, float eps, float low, float high, float *alpha);

// The person's own colours where the matte is soft (hair, edges), with the old background's
// tint taken out: the blur-fusion foreground estimation of Forte & Pitié, "Approximate fast
// foreground colour estimation" (ICIP 2021): the paper's two passes (boxes of 90 and 6 pixels)
// made on a half-size copy of the box around the soft edge, the first at a further quarter size.
// rgb and foreground are width × height × 3 bytes, alpha width × height values in 0–1; where
// alpha is 0 or 1 the foreground is the photo itself. Returns 0, or -1 when memory ran out.
int inflio_estimate_foreground(const unsigned char *rgb, const float *alpha, int width, int height,
                               unsigned char *foreground);

// Where the matte is soft, lowers it to the person's share of the pixel's colour, the lower of
// two estimates from the colours nearby (over a box of about `size` pixels, made at a quarter of
// the size from every other pixel): the share that best explains the colour as a mix of the
// person's colours and the background's (each a mean and a covariance, from what the matte is
// sure of), trusted as it explains the colour better than the matte's own (it has no least span:
// colours the photo's noise cannot part explain the matte's share as well as any other); and the
// share along the line from the background's mean colour to the person's (weighted by the
// matte), trusted as the two means part: not at all under `least_span` apart, fully from twice
// that (RGB 0–1 units). A matte a pixel or two wider than the person (a shoulder's edge over a
// blue curtain; over a brown curtain and a flag's red stripes, whose mean is neither) leaves the
// background's colour in front. Only below `from_row`, fully from `to_row` (a smoothstep, rows
// counted from the top); never raised. Returns how many pixels were lowered, or -1 when memory
// ran out.
int inflio_matte_tighten(const unsigned char *rgb, float *alpha, int width, int height, float from_row, float to_row,
                         int size, float least_span);

#ifdef __cplusplus
}
#endif

#endif
