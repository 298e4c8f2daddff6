#include "inflio_studio.h"
#include <math.h>
#include <stdlib.h>

// A normalised Gaussian of radius ceil(3 sigma), taps from -radius to +radius; with `least` > 0,
// cut instead where it falls under `least` of its peak (libvips' gaussblur: min_ampl, 0.2).
static float *gaussian(float sigma, float least, int *radius) {
    int r = (int)ceilf(3 * sigma);
    if (least > 0)
        for (r = 0; expf(-(float)((r + 1) * (r + 1)) / (2 * sigma * sigma)) >= least;) r++;
    if (r < 1) r = 1;
    float *taps = malloc(sizeof(float) * (size_t)(2 * r + 1));
    if (!taps) return NULL;
    float sum = 0;
    for (int i = -r; i <= r; i++) sum += taps[i + r] = expf(-(float)(i * i) / (2 * sigma * sigma));
    for (int i = 0; i <= 2 * r; i++) taps[i] /= sum;
    *radius = r;
    return taps;
}

static inline int clamp_index(int i, int n) { return i < 0 ? 0 : (i >= n ? n - 1 : i); }

static inline unsigned char to_byte(float v) {
    return v <= 0 ? 0 : (v >= 255 ? 255 : (unsigned char)(v + 0.5f));
}

int inflio_sharpen_luma(const unsigned char *rgb, int width, int height, float sigma, float amount,
                        float threshold, float max_lighten, float max_darken, unsigned char *out) {
    size_t n = (size_t)width * height;
    int radius = 0;
    float *taps = gaussian(sigma, 0, &radius);
    float *luma = malloc(sizeof(float) * n), *across = malloc(sizeof(float) * n);
    if (!taps || !luma || !across) {
        free(taps), free(luma), free(across);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        luma[i] = 0.299f * rgb[3 * i] + 0.587f * rgb[3 * i + 1] + 0.114f * rgb[3 * i + 2];
    // Separable blur: along rows into `across`, then down columns (clamped at the edges).
    for (int y = 0; y < height; y++) {
        const float *row = luma + (size_t)y * width;
        float *dst = across + (size_t)y * width;
        for (int x = 0; x < width; x++) {
            float sum = 0;
            if (x >= radius && x + radius < width)
                for (int k = -radius; k <= radius; k++) sum += taps[k + radius] * row[x + k];
            else
                for (int k = -radius; k <= radius; k++) sum += taps[k + radius] * row[clamp_index(x + k, width)];
            dst[x] = sum;
        }
    }
    float *blurred_row = malloc(sizeof(float) * (size_t)width);
    if (!blurred_row) {
        free(taps), free(luma), free(across);
        return -1;
    }
    for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) blurred_row[x] = 0;
        for (int k = -radius; k <= radius; k++) {
            const float *src = across + (size_t)clamp_index(y + k, height) * width;
            float t = taps[k + radius];
            for (int x = 0; x < width; x++) blurred_row[x] += t * src[x];
        }
        for (int x = 0; x < width; x++) {
            size_t i = (size_t)y * width + x;
            float d = luma[i] - blurred_row[x], change = 0;
            if (d > threshold)
                change = fminf(amount * (d - threshold), max_lighten);
            else if (d < -threshold)
                change = fmaxf(amount * (d + threshold), -max_darken);
            for (int c = 0; c < 3; c++) out[3 * i + c] = to_byte(rgb[3 * i + c] + change);
        }
    }
    free(blurred_row);
    free(taps), free(luma), free(across);
    return 0;
}

void inflio_grade_and_light(const unsigned char *rgb, const unsigned char *light, int width, int height,
                            const float *matrix, float scale, const float *offsets, unsigned char *out) {
    size_t n = (size_t)width * height;
    for (size_t i = 0; i < n; i++) {
        float r = rgb[3 * i], g = rgb[3 * i + 1], b = rgb[3 * i + 2];
        for (int c = 0; c < 3; c++) {
            float graded = matrix[3 * c] * r + matrix[3 * c + 1] * g + matrix[3 * c + 2] * b;
            graded = graded <= 0 ? 0 : (graded >= 255 ? 255 : graded);
            out[3 * i + c] = to_byte(graded * light[3 * i + c] * scale + offsets[c]);
        }
    }
}

void inflio_add_bytes(const unsigned char *a, const unsigned char *b, size_t count, unsigned char *out) {
    for (size_t i = 0; i < count; i++) {
        unsigned sum = (unsigned)a[i] + b[i];
        out[i] = (unsigned char)(sum > 255 ? 255 : sum);
    }
}

void inflio_add_reflected(const unsigned char *rgb, const unsigned char *light, const unsigned char *mask,
                          size_t pixels, float floor, unsigned char *out) {
    const float per_level = 1.0f / 255.0f;
    for (size_t i = 0; i < pixels; i++) {
        const unsigned char *p = rgb + 3 * i, *l = light + 3 * i;
        float luma = 0.299f * p[0] + 0.587f * p[1] + 0.114f * p[2];
        float share = mask[i] * per_level * (floor + (1 - floor) * luma * per_level);
        for (int c = 0; c < 3; c++) out[3 * i + c] = to_byte(p[c] + l[c] * share);
    }
}

void inflio_blend_bytes(const unsigned char *a, const unsigned char *b, const unsigned char *mask, size_t pixels,
                        int bands, unsigned char *out) {
    for (size_t i = 0; i < pixels; i++) {
        unsigned m = mask[i], n = 255 - m;
        for (int c = 0; c < bands; c++) {
            size_t j = i * (size_t)bands + c;
            out[j] = (unsigned char)((a[j] * m + b[j] * n + 128) / 255);
        }
    }
}

// A separable Gaussian over `planes` interleaved float planes, in place, edges repeated, cut as
// libvips' gaussblur cuts it (the backdrops were tuned with that one).
static int gaussian_blur(float *image, int width, int height, int planes, float sigma) {
    int radius = 0;
    float *taps = gaussian(sigma, 0.2f, &radius);
    size_t line = (size_t)(width > height ? width : height) * planes;
    float *copy = malloc(sizeof(float) * line);
    if (!taps || !copy) {
        free(taps), free(copy);
        return -1;
    }
    for (int y = 0; y < height; y++) {
        float *row = image + (size_t)y * width * planes;
        for (size_t i = 0; i < (size_t)width * planes; i++) copy[i] = row[i];
        for (int x = 0; x < width; x++)
            for (int p = 0; p < planes; p++) {
                float sum = 0;
                for (int k = -radius; k <= radius; k++)
                    sum += taps[k + radius] * copy[clamp_index(x + k, width) * planes + p];
                row[x * planes + p] = sum;
            }
    }
    for (int x = 0; x < width; x++) {
        for (int y = 0; y < height; y++)
            for (int p = 0; p < planes; p++) copy[y * planes + p] = image[((size_t)y * width + x) * planes + p];
        for (int y = 0; y < height; y++)
            for (int p = 0; p < planes; p++) {
                float sum = 0;
                for (int k = -radius; k <= radius; k++)
                    sum += taps[k + radius] * copy[clamp_index(y + k, height) * planes + p];
                image[((size_t)y * width + x) * planes + p] = sum;
            }
    }
    free(taps), free(copy);
    return 0;
}

// The blur of `planes` interleaved planes that a wide sigma runs on a copy shrunk by `factor`,
// then enlarged back bilinearly, as the libvips chain did it: the copy is width / factor wide,
// rounded (vips_shrink), each block `factor` pixels, the edge's pixels repeated where a block
// runs past it; the enlargement spreads its pixel centres evenly over the picture
// (inflio_vips_enlarge_bilinear). `image` is overwritten.
static int blurred_planes(float *image, int width, int height, int planes, float sigma, int factor) {
    if (factor <= 1) return gaussian_blur(image, width, height, planes, sigma);
    int sw = (int)((double)width / factor + 0.5), sh = (int)((double)height / factor + 0.5);
    if (sw < 1) sw = 1;
    if (sh < 1) sh = 1;
    float *small = calloc((size_t)sw * sh * planes, sizeof(float));
    if (!small) return -1;
    for (int y = 0; y < sh; y++)
        for (int x = 0; x < sw; x++) {
            float *out = small + ((size_t)y * sw + x) * planes;
            for (int sy = y * factor; sy < (y + 1) * factor; sy++)
                for (int sx = x * factor; sx < (x + 1) * factor; sx++) {
                    size_t at = (size_t)clamp_index(sy, height) * width + clamp_index(sx, width);
                    const float *in = image + at * planes;
                    for (int p = 0; p < planes; p++) out[p] += in[p];
                }
            for (int p = 0; p < planes; p++) out[p] /= (float)(factor * factor);
        }
    if (gaussian_blur(small, sw, sh, planes, sigma / (float)factor)) {
        free(small);
        return -1;
    }
    for (int y = 0; y < height; y++) {
        float fy = ((float)y + 0.5f) * (float)sh / (float)height - 0.5f;
        fy = fy < 0 ? 0 : (fy > sh - 1 ? (float)(sh - 1) : fy);
        int y0 = (int)fy, y1 = y0 + 1 < sh ? y0 + 1 : y0;
        float wy = fy - (float)y0;
        for (int x = 0; x < width; x++) {
            float fx = ((float)x + 0.5f) * (float)sw / (float)width - 0.5f;
            fx = fx < 0 ? 0 : (fx > sw - 1 ? (float)(sw - 1) : fx);
            int x0 = (int)fx, x1 = x0 + 1 < sw ? x0 + 1 : x0;
            float wx = fx - (float)x0;
            const float *r0 = small + (size_t)y0 * sw * planes, *r1 = small + (size_t)y1 * sw * planes;
            for (int p = 0; p < planes; p++) {
                float top = r0[x0 * planes + p] * (1 - wx) + r0[x1 * planes + p] * wx;
                float bottom = r1[x0 * planes + p] * (1 - wx) + r1[x1 * planes + p] * wx;
                image[((size_t)y * width + x) * planes + p] = top * (1 - wy) + bottom * wy;
            }
        }
    }
    free(small);
    return 0;
}

int inflio_weighted_blur(const unsigned char *image, const unsigned char *weights, const unsigned char *fallback,
                         int width, int height, int bands, float sigma, float floor, unsigned char *out) {
    size_t n = (size_t)width * height;
    int factor = (int)(sigma / 3) > 1 ? (int)(sigma / 3) : 1;
    float *weighted = malloc(sizeof(float) * n * bands), *w = malloc(sizeof(float) * n);
    int result = -1;
    if (!weighted || !w) goto done;
    for (size_t i = 0; i < n; i++) {
        w[i] = weights[i] / 255.0f;
        for (int c = 0; c < bands; c++) weighted[i * bands + c] = image[i * bands + c] * w[i];
    }
    if (blurred_planes(weighted, width, height, bands, sigma, factor) ||
        blurred_planes(w, width, height, 1, sigma, factor))
        goto done;
    for (size_t i = 0; i < n; i++)
        for (int c = 0; c < bands; c++)
            out[i * bands + c] = to_byte((weighted[i * bands + c] + floor * fallback[i * bands + c]) / (w[i] + floor));
    result = 0;
done:
    free(weighted), free(w);
    return result;
}
