// Block averages: pictures and planes shrunk for a model or a check (declared in inflio_matting.h).
#include "inflio_matting.h"

#include <stdint.h>
#include <stdlib.h>

int inflio_average_rgb(const unsigned char *rgb, int stride, int left, int top, int width, int height,
                       int out_width, int out_height, unsigned char *out) {
    return inflio_average_bytes(rgb, stride, 3, left, top, width, height, out_width, out_height, out);
}

int inflio_average_bytes(const unsigned char *pixels, int stride, int bands, int left, int top, int width,
                         int height, int out_width, int out_height, unsigned char *out) {
    // Each output row's block of input rows is summed column by column first (one pass over the
    // bytes, which the compiler vectorises), then each output pixel sums its columns.
    size_t span = (size_t)width * bands;
    uint64_t *columns = malloc(span * sizeof(uint64_t));
    if (!columns) return -1;
    for (int y = 0; y < out_height; y++) {
        int y0 = top + (int)((long)y * height / out_height), y1 = top + (int)((long)(y + 1) * height / out_height);
        if (y1 <= y0) y1 = y0 + 1;
        for (size_t i = 0; i < span; i++) columns[i] = 0;
        for (int sy = y0; sy < y1; sy++) {
            const unsigned char *row = pixels + ((size_t)sy * stride + left) * bands;
            for (size_t i = 0; i < span; i++) columns[i] += row[i];
        }
        for (int x = 0; x < out_width; x++) {
            int x0 = (int)((long)x * width / out_width), x1 = (int)((long)(x + 1) * width / out_width);
            if (x1 <= x0) x1 = x0 + 1;
            // 64 bits: a block of more than 16.8 million pixels would overflow 32.
            uint64_t sums[4] = {0, 0, 0, 0};
            for (int sx = x0; sx < x1; sx++)
                for (int c = 0; c < bands; c++) sums[c] += columns[(size_t)sx * bands + c];
            uint64_t count = (uint64_t)(y1 - y0) * (uint64_t)(x1 - x0);
            for (int c = 0; c < bands; c++)
                out[((size_t)y * out_width + x) * bands + c] = (unsigned char)((sums[c] + count / 2) / count);
        }
    }
    free(columns);
    return 0;
}

void inflio_average_plane(const float *plane, int width, int height, int out_width, int out_height, float *out) {
    for (int y = 0; y < out_height; y++) {
        int y0 = (int)((long)y * height / out_height), y1 = (int)((long)(y + 1) * height / out_height);
        if (y1 <= y0) y1 = y0 + 1;
        for (int x = 0; x < out_width; x++) {
            int x0 = (int)((long)x * width / out_width), x1 = (int)((long)(x + 1) * width / out_width);
            if (x1 <= x0) x1 = x0 + 1;
            float sum = 0;
            for (int sy = y0; sy < y1; sy++)
                for (int sx = x0; sx < x1; sx++) sum += plane[(size_t)sy * width + sx];
            out[(size_t)y * out_width + x] = sum / (float)((y1 - y0) * (x1 - x0));
        }
    }
}
