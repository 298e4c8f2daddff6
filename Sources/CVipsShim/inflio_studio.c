#include "inflio_studio.h"
#include <math.h>
#include <stdlib.h>

// A normalised Gaussian of radius ceil(3 sigma), taps from -radius to +radius.
static float *gaussian(float sigma, int *radius) {
    int r = (int)ceilf(3 * sigma);
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
    float *taps = gaussian(sigma, &radius);
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
