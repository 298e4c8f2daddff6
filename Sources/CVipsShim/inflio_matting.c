#include "inflio_matting.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

// Box averages of `size` pixels over images of `planes` interleaved float planes. Near the borders
// they average the pixels that exist, so an edge is not darkened. Running sums make each pass cost
// the same whatever the size; the vertical pass keeps a whole row of sums, so it reads memory in
// order and the compiler can vectorise it.
static inline void box_rows_of(const float *src, float *dst, int width, int height, const int planes, int size) {
    int before = size / 2, after = size - 1 - before;
    // The scale of a box that lies wholly inside the row; only the ends count the pixels that exist.
    const float inside = 1.0f / (float)size;
    float sums[4];
    for (int y = 0; y < height; y++) {
        const float *in = src + (size_t)y * width * planes;
        float *out = dst + (size_t)y * width * planes;
        for (int p = 0; p < planes; p++) sums[p] = 0;
        for (int x = 0; x < after && x < width; x++)
            for (int p = 0; p < planes; p++) sums[p] += in[(size_t)x * planes + p];
        for (int x = 0; x < width; x++) {
            int enter = x + after, leave = x - before - 1;
            if (enter < width)
                for (int p = 0; p < planes; p++) sums[p] += in[(size_t)enter * planes + p];
            if (leave >= 0)
                for (int p = 0; p < planes; p++) sums[p] -= in[(size_t)leave * planes + p];
            float scale = inside;
            if (leave < -1 || enter >= width) {
                int first = x - before < 0 ? 0 : x - before, last = enter < width ? enter : width - 1;
                scale = 1.0f / (float)(last - first + 1);
            }
            for (int p = 0; p < planes; p++) out[(size_t)x * planes + p] = sums[p] * scale;
        }
    }
}

// The planes counts the estimators use, each a constant the compiler unrolls.
static void box_rows(const float *src, float *dst, int width, int height, int planes, int size) {
    switch (planes) {
    case 1: box_rows_of(src, dst, width, height, 1, size); break;
    case 2: box_rows_of(src, dst, width, height, 2, size); break;
    case 3: box_rows_of(src, dst, width, height, 3, size); break;
    case 4: box_rows_of(src, dst, width, height, 4, size); break;
    default: abort();  // the estimators use 1–4 planes; more would overrun the running sums
    }
}

// Returns 0, or -1 when memory ran out (for the running sums, kept in doubles so that adding and
// taking away a whole column of values leaves no drift).
static int box_columns(const float *src, float *dst, int width, int height, int planes, int size) {
    int before = size / 2, after = size - 1 - before;
    size_t row = (size_t)width * planes;
    double *sums = calloc(row, sizeof(double));
    if (!sums) return -1;
    for (int y = 0; y < after && y < height; y++) {
        const float *in = src + (size_t)y * row;
        for (size_t i = 0; i < row; i++) sums[i] += in[i];
    }
    for (int y = 0; y < height; y++) {
        int enter = y + after, leave = y - before - 1;
        if (enter < height) {
            const float *in = src + (size_t)enter * row;
            for (size_t i = 0; i < row; i++) sums[i] += in[i];
        }
        if (leave >= 0) {
            const float *in = src + (size_t)leave * row;
            for (size_t i = 0; i < row; i++) sums[i] -= in[i];
        }
        int first = y - before < 0 ? 0 : y - before, last = enter < height ? enter : height - 1;
        double scale = 1.0 / (double)(last - first + 1);
        float *out = dst + (size_t)y * row;
        for (size_t i = 0; i < row; i++) out[i] = (float)(sums[i] * scale);
    }
    free(sums);
    return 0;
}

// A size × size box average, in place (`scratch` is as large as the image). Returns 0, or -1 when
// memory ran out.
static int box_blur(float *image, float *scratch, int width, int height, int planes, int size) {
    box_rows(image, scratch, width, height, planes, size);
    return box_columns(scratch, image, width, height, planes, size);
}

// 3t² − 2t³ of t clamped to 0–1: the soft step every ramp here uses.
static inline float smoothstep(float t) {
    t = t < 0 ? 0 : (t > 1 ? 1 : t);
    return t * t * (3 - 2 * t);
}

// One pass of the estimator. `f` and `b` (3 planes each) are the current foreground and background
// guesses; on return `f` holds the new foreground and `b` the blurred background. Returns 0, or -1
// when memory ran out.
static int blur_fusion(const float *image, const float *alpha, float *f, float *b, float *blurred_alpha,
                        float *scratch, int width, int height, int size) {
    size_t n = (size_t)width * height;
    memcpy(blurred_alpha, alpha, n * sizeof(float));
    if (box_blur(blurred_alpha, scratch, width, height, 1, size)) return -1;
    for (size_t i = 0; i < n; i++) {
        for (int c = 0; c < 3; c++) {
            f[3 * i + c] *= alpha[i];
            b[3 * i + c] *= 1 - alpha[i];
        }
    }
    if (box_blur(f, scratch, width, height, 3, size) || box_blur(b, scratch, width, height, 3, size)) return -1;
    for (size_t i = 0; i < n; i++) {
        float a = alpha[i], ba = blurred_alpha[i];
        for (int c = 0; c < 3; c++) {
            float mean_f = f[3 * i + c] / (ba + 1e-5f);
            float mean_b = b[3 * i + c] / ((1 - ba) + 1e-5f);
            float value = mean_f + a * (image[3 * i + c] - a * mean_f - (1 - a) * mean_b);
            f[3 * i + c] = value < 0 ? 0 : (value > 1 ? 1 : value);
            b[3 * i + c] = mean_b;
        }
    }
    return 0;
}

// Block averages of `planes` interleaved planes over `factor` × `factor` pixels (fewer at the
// right and bottom edges, where blocks are cut).
static void shrink(const float *src, int width, int height, int planes, int factor, float *dst, int dw, int dh) {
    for (int y = 0; y < dh; y++) {
        for (int x = 0; x < dw; x++) {
            float sums[4] = {0, 0, 0, 0};
            int count = 0;
            for (int sy = y * factor; sy < (y + 1) * factor && sy < height; sy++) {
                for (int sx = x * factor; sx < (x + 1) * factor && sx < width; sx++) {
                    for (int p = 0; p < planes; p++) sums[p] += src[((size_t)sy * width + sx) * planes + p];
                    count++;
                }
            }
            for (int p = 0; p < planes; p++) dst[((size_t)y * dw + x) * planes + p] = sums[p] / (float)count;
        }
    }
}


// One pixel of a bilinear enlargement by `factor` of `planes` interleaved planes pixel centres aligned.
static void sample(const float *src, int sw, int sh, int planes, int factor, int x, int y, float *out) {
    float fx = ((float)x + 0.5f) / (float)factor - 0.5f, fy = ((float)y + 0.5f) / (float)factor - 0.5f;
    fx = fx < 0 ? 0 : (fx > sw - 1 ? (float)(sw - 1) : fx);
    fy = fy < 0 ? 0 : (fy > sh - 1 ? (float)(sh - 1) : fy);
    int x0 = (int)fx, y0 = (int)fy, x1 = x0 + 1 < sw ? x0 + 1 : x0, y1 = y0 + 1 < sh ? y0 + 1 : y0;
    float wx = fx - (float)x0, wy = fy - (float)y0;
    const float *r0 = src + (size_t)y0 * sw * planes, *r1 = src + (size_t)y1 * sw * planes;
    for (int c = 0; c < planes; c++) {
        float top = r0[x0 * planes + c] * (1 - wx) + r0[x1 * planes + c] * wx;
        float bottom = r1[x0 * planes + c] * (1 - wx) + r1[x1 * planes + c] * wx;
        out[c] = top * (1 - wy) + bottom * wy;
    }
}

// Where pixel i of an axis enlarged by `factor` falls on the `grid` points it came from: the
// neighbours on each side and the second one's weight, as `sample` computes them.
static void enlarge_axis(int size, int grid, int factor, int *first, int *second, float *weight) {
    for (int i = 0; i < size; i++) {
        float f = ((float)i + 0.5f) / (float)factor - 0.5f;
        f = f < 0 ? 0 : (f > grid - 1 ? (float)(grid - 1) : f);
        first[i] = (int)f;
        second[i] = first[i] + 1 < grid ? first[i] + 1 : first[i];
        weight[i] = f - (float)first[i];
    }
}

// Bilinear enlargement of 3 interleaved planes by `factor`: the same values as a `sample` per
// pixel, with each column's and row's neighbours worked out once. Returns 0, or -1 when memory
// ran out.
static int enlarge(const float *src, int sw, int sh, int factor, float *dst, int width, int height) {
    int *xs = malloc(2 * (size_t)width * sizeof(int)), *ys = malloc(2 * (size_t)height * sizeof(int));
    float *wx = malloc((size_t)width * sizeof(float)), *wy = malloc((size_t)height * sizeof(float));
    int result = xs && ys && wx && wy ? 0 : -1;
    if (result == 0) {
        enlarge_axis(width, sw, factor, xs, xs + width, wx);
        enlarge_axis(height, sh, factor, ys, ys + height, wy);
    }
    for (int y = 0; result == 0 && y < height; y++) {
        const float *r0 = src + (size_t)ys[y] * sw * 3, *r1 = src + (size_t)ys[height + y] * sw * 3;
        float v = wy[y];
        float *out = dst + (size_t)y * width * 3;
        for (int x = 0; x < width; x++) {
            int x0 = xs[x] * 3, x1 = xs[width + x] * 3;
            float u = wx[x];
            for (int c = 0; c < 3; c++) {
                float top = r0[x0 + c] * (1 - u) + r0[x1 + c] * u;
                float bottom = r1[x0 + c] * (1 - u) + r1[x1 + c] * u;
                out[(size_t)x * 3 + c] = top * (1 - v) + bottom * v;
            }
        }
    }
    free(xs);
    free(ys);
    free(wx);
    free(wy);
    return result;
}

// The estimate on one picture (3 planes, 0–1) and its alpha, into f (3 planes): the first pass,
// whose box only gives smooth means of the person and the background, on a copy 4× smaller each
// way; the second at the picture's size. Returns 0, or -1 when memory ran out.
static int estimate(const float *image, const float *alpha, int width, int height, int first_box, int second_box,
                    float *f) {
    enum { factor = 4 };
    int cw = (width + factor - 1) / factor, ch = (height + factor - 1) / factor;
    size_t n = (size_t)width * height, cn = (size_t)cw * ch;
    float *b = malloc(3 * n * sizeof(float));
    float *scratch = malloc(3 * n * sizeof(float));
    float *blurred_alpha = malloc(n * sizeof(float));
    float *coarse = malloc(11 * cn * sizeof(float));  // image, alpha, f, b, blurred alpha
    int result = -1;
    if (!b || !scratch || !blurred_alpha || !coarse) goto done;
    float *c_image = coarse, *c_alpha = coarse + 3 * cn, *c_f = coarse + 4 * cn, *c_b = coarse + 7 * cn;
    float *c_blurred = coarse + 10 * cn;
    shrink(image, width, height, 3, factor, c_image, cw, ch);
    shrink(alpha, width, height, 1, factor, c_alpha, cw, ch);
    memcpy(c_f, c_image, 3 * cn * sizeof(float));
    memcpy(c_b, c_image, 3 * cn * sizeof(float));
    // The full-size scratch is large enough for the small picture's.
    if (blur_fusion(c_image, c_alpha, c_f, c_b, c_blurred, scratch, cw, ch, (first_box + factor / 2) / factor))
        goto done;
    if (enlarge(c_f, cw, ch, factor, f, width, height) || enlarge(c_b, cw, ch, factor, b, width, height)) goto done;
    if (blur_fusion(image, alpha, f, b, blurred_alpha, scratch, width, height, second_box)) goto done;
    result = 0;
done:
    free(b);
    free(scratch);
    free(blurred_alpha);
    free(coarse);
    return result;
}

// Block averages of 8-bit RGB (`planes` = 3) as floats in 0–1, over `factor` × `factor` pixels.
static void shrink_bytes(const unsigned char *src, int width, int height, int factor, float *dst, int dw, int dh) {
    for (int y = 0; y < dh; y++) {
        for (int x = 0; x < dw; x++) {
            float sums[3] = {0, 0, 0};
            int count = 0;
            for (int sy = y * factor; sy < (y + 1) * factor && sy < height; sy++) {
                for (int sx = x * factor; sx < (x + 1) * factor && sx < width; sx++) {
                    for (int p = 0; p < 3; p++) sums[p] += src[((size_t)sy * width + sx) * 3 + p];
                    count++;
                }
            }
            for (int p = 0; p < 3; p++) dst[((size_t)y * dw + x) * 3 + p] = sums[p] / (255.0f * (float)count);
        }
    }
}


// The estimate for a picture whose soft edge lies within it (see below), written over `foreground`.
static int estimate_region(const unsigned char *rgb, const float *alpha, int width, int height,
                           unsigned char *foreground) {
    enum { factor = 2 };
    int hw = (width + factor - 1) / factor, hh = (height + factor - 1) / factor;
    size_t hn = (size_t)hw * hh;
    float *half = malloc(7 * hn * sizeof(float));  // image, alpha, estimate
    if (!half) return -1;
    float *h_image = half, *h_alpha = half + 3 * hn, *h_f = half + 4 * hn;
    shrink_bytes(rgb, width, height, factor, h_image, hw, hh);
    shrink(alpha, width, height, 1, factor, h_alpha, hw, hh);
    if (estimate(h_image, h_alpha, hw, hh, 90 / factor, 6 / factor, h_f)) {
        free(half);
        return -1;
    }
    for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
            size_t i = (size_t)y * width + x;
            if (alpha[i] >= 1 || alpha[i] <= 0) continue;
            float value[3];
            sample(h_f, hw, hh, 3, factor, x, y, value);
            for (int c = 0; c < 3; c++) foreground[3 * i + c] = (unsigned char)(value[c] * 255.0f + 0.5f);
        }
    }
    free(half);
    return 0;
}

// The box (left, top, right, bottom, inclusive) round the pixels of rows `first` and below where
// the matte is soft (neither 0 nor 1), grown by `reach` within the picture; 0 when there are none.
static int soft_box(const float *alpha, int width, int height, int first, int reach, int box[4]) {
    int left = width, right = -1, top = height, bottom = -1;
    for (int y = first < 0 ? 0 : first; y < height; y++)
        for (int x = 0; x < width; x++) {
            float a = alpha[(size_t)y * width + x];
            if (a <= 0 || a >= 1) continue;
            if (x < left) left = x;
            if (x > right) right = x;
            if (y < top) top = y;
            if (y > bottom) bottom = y;
        }
    if (right < 0) return 0;
    box[0] = left - reach < 0 ? 0 : left - reach;
    box[1] = top - reach < 0 ? 0 : top - reach;
    box[2] = right + reach >= width ? width - 1 : right + reach;
    box[3] = bottom + reach >= height ? height - 1 : bottom + reach;
    return 1;
}

int inflio_estimate_foreground(const unsigned char *rgb, const float *alpha, int width, int height,
                               unsigned char *foreground) {
    // At half size (boxes of 45 and 3 there, the paper's 90 and 6 at full size): the edge's
    // colours vary slowly, and this is four times cheaper. Where the person is solid (or absent),
    // the photo's own pixels are kept, exactly; only the soft edge reads the estimate. And only
    // the box around the soft edge, with the first pass's reach around it, is estimated at all:
    // a design's person covers part of its canvas.
    size_t n = (size_t)width * height;
    memcpy(foreground, rgb, 3 * n);
    int box[4];
    if (!soft_box(alpha, width, height, 0, 48, box)) return 0;
    int left = box[0], top = box[1], right = box[2], bottom = box[3];
    int rw = right - left + 1, rh = bottom - top + 1;
    if (rw == width && rh == height) return estimate_region(rgb, alpha, width, height, foreground);
    unsigned char *region = malloc((size_t)rw * rh * 3);
    unsigned char *estimated = malloc((size_t)rw * rh * 3);
    float *region_alpha = malloc((size_t)rw * rh * sizeof(float));
    int result = -1;
    if (region && estimated && region_alpha) {
        for (int y = 0; y < rh; y++) {
            memcpy(region + (size_t)y * rw * 3, rgb + ((size_t)(top + y) * width + left) * 3, (size_t)rw * 3);
            memcpy(region_alpha + (size_t)y * rw, alpha + (size_t)(top + y) * width + left, (size_t)rw * sizeof(float));
        }
        memcpy(estimated, region, (size_t)rw * rh * 3);
        result = estimate_region(region, region_alpha, rw, rh, estimated);
        for (int y = 0; result == 0 && y < rh; y++)
            memcpy(foreground + ((size_t)(top + y) * width + left) * 3, estimated + (size_t)y * rw * 3, (size_t)rw * 3);
    }
    free(region);
    free(estimated);
    free(region_alpha);
    return result;
}

int inflio_matte_refine(const unsigned char *rgb, const unsigned char *probability, const unsigned char *limit,
                        int width, int height, int size, float eps, float low, float high, float *alpha) {
    // The fast guided filter (He and Sun, 2015) with the photo's colour as the guide (He, Sun and
    // Tang, 2013, section 3.5): the linear fits p ≈ a·I + b are made at half size, where the box
    // is half as wide, then enlarged (pixel by pixel, without a full-size buffer) and applied to
    // the full-size photo. A grey guide cannot part two colours of one lightness (a dark ear
    // against a red flag), and the model's coarse outline then stayed where it fell.
    enum { factor = 2 };
    int hw = (width + factor - 1) / factor, hh = (height + factor - 1) / factor;
    size_t hn = (size_t)hw * hh;
    // The box blur runs on up to four interleaved planes, so the 13 sums are kept in four groups:
    // [r g b p], [rr rg rb gg], [gb bb rp gp] and [bp].
    float *groups[4] = {NULL, NULL, NULL, NULL};
    float *scratch = malloc(4 * hn * sizeof(float));
    int *xs = malloc(2 * (size_t)width * sizeof(int));  // each column's two half-size neighbours
    float *wx = malloc((size_t)width * sizeof(float));
    int result = -1;
    for (int k = 0; k < 4; k++) groups[k] = malloc((k == 3 ? 1 : 4) * hn * sizeof(float));
    if (!groups[0] || !groups[1] || !groups[2] || !groups[3] || !scratch || !xs || !wx) goto done;
    for (int y = 0; y < hh; y++) {
        for (int x = 0; x < hw; x++) {
            float r = 0, g = 0, b = 0, p = 0;
            int count = 0;
            for (int sy = y * factor; sy < (y + 1) * factor && sy < height; sy++) {
                for (int sx = x * factor; sx < (x + 1) * factor && sx < width; sx++) {
                    size_t i = (size_t)sy * width + sx;
                    r += rgb[3 * i], g += rgb[3 * i + 1], b += rgb[3 * i + 2];
                    p += probability[i];
                    count++;
                }
            }
            float scale = 1.0f / (255.0f * (float)count);
            r *= scale, g *= scale, b *= scale, p *= scale;
            size_t j = 4 * ((size_t)y * hw + x);
            float *A = groups[0] + j, *B = groups[1] + j, *C = groups[2] + j;
            A[0] = r, A[1] = g, A[2] = b, A[3] = p;
            B[0] = r * r, B[1] = r * g, B[2] = r * b, B[3] = g * g;
            C[0] = g * b, C[1] = b * b, C[2] = r * p, C[3] = g * p;
            groups[3][j / 4] = b * p;
        }
    }
    int box = size / factor | 1;
    for (int k = 0; k < 4; k++)
        if (box_blur(groups[k], scratch, hw, hh, k == 3 ? 1 : 4, box)) goto done;
    // Per box, a = (Σ + eps·U)⁻¹ cov(I, p), b = mean p − a·mean I, into the first group.
    for (size_t i = 0; i < hn; i++) {
        const float *A = groups[0] + 4 * i, *B = groups[1] + 4 * i, *C = groups[2] + 4 * i;
        float mr = A[0], mg = A[1], mb = A[2], mp = A[3];
        float bp = groups[3][i];
        float srr = B[0] - mr * mr + eps, srg = B[1] - mr * mg, srb = B[2] - mr * mb;
        float sgg = B[3] - mg * mg + eps, sgb = C[0] - mg * mb, sbb = C[1] - mb * mb + eps;
        float cr = C[2] - mr * mp, cg = C[3] - mg * mp, cb = bp - mb * mp;
        // The symmetric 3 × 3 inverse by cofactors.
        float i00 = sgg * sbb - sgb * sgb, i01 = srb * sgb - srg * sbb, i02 = srg * sgb - srb * sgg;
        float i11 = srr * sbb - srb * srb, i12 = srb * srg - srr * sgb, i22 = srr * sgg - srg * srg;
        float det = srr * i00 + srg * i01 + srb * i02;
        float inv = 1.0f / det;
        float ar = (i00 * cr + i01 * cg + i02 * cb) * inv;
        float ag = (i01 * cr + i11 * cg + i12 * cb) * inv;
        float ab = (i02 * cr + i12 * cg + i22 * cb) * inv;
        float *out = groups[0] + 4 * i;
        out[0] = ar, out[1] = ag, out[2] = ab, out[3] = mp - ar * mr - ag * mg - ab * mb;
    }
    if (box_blur(groups[0], scratch, hw, hh, 4, box)) goto done;
    const float per_span = 1.0f / (high - low), per_level = 1.0f / 255.0f;
    // Enlarged row by row: the two half-size rows mixed once, then each pixel mixes two neighbours.
    float *row = scratch;  // 4 × hw floats; the scratch is free again
    enlarge_axis(width, hw, factor, xs, xs + width, wx);
    for (int y = 0; y < height; y++) {
        float fy = ((float)y + 0.5f) / (float)factor - 0.5f;
        fy = fy < 0 ? 0 : (fy > hh - 1 ? (float)(hh - 1) : fy);
        int y0 = (int)fy, y1 = y0 + 1 < hh ? y0 + 1 : y0;
        float wy = fy - (float)y0;
        const float *r0 = groups[0] + (size_t)y0 * hw * 4, *r1 = groups[0] + (size_t)y1 * hw * 4;
        for (int j = 0; j < 4 * hw; j++) row[j] = r0[j] * (1 - wy) + r1[j] * wy;
        for (int x = 0; x < width; x++) {
            size_t i = (size_t)y * width + x;
            if (limit[i] == 0) {
                alpha[i] = 0;
                continue;
            }
            const float *c0 = row + 4 * xs[x], *c1 = row + 4 * xs[width + x];
            float u = wx[x], v = 1 - u;
            float q = (c0[0] * v + c1[0] * u) * rgb[3 * i] + (c0[1] * v + c1[1] * u) * rgb[3 * i + 1]
                      + (c0[2] * v + c1[2] * u) * rgb[3 * i + 2];
            q = q * per_level + c0[3] * v + c1[3] * u;
            alpha[i] = smoothstep((q - low) * per_span) * (float)limit[i] * per_level;
        }
    }
    result = 0;
done:
    for (int k = 0; k < 4; k++) free(groups[k]);
    free(scratch);
    free(xs);
    free(wx);
    return result;
}

int inflio_matte_tighten(const unsigned char *rgb, float *alpha, int width, int height, float from_row, float to_row,
                         int size, float least_span) {
    // The box round the soft edge where it may be drawn in (from `from_row` down), with the means'
    // reach.
    int soft[4];
    if (!soft_box(alpha, width, height, from_row < 0 ? 0 : (int)from_row, size, soft)) return 0;
    int left = soft[0], top = soft[1], right = soft[2], bottom = soft[3];
    int rw = right - left + 1, rh = bottom - top + 1;
    // The means are smooth over the box, so they are made at half size (a quarter of the cost) and
    // read at the nearest half-size pixel.
    enum { factor = 2 };
    int hw = (rw + factor - 1) / factor, hh = (rh + factor - 1) / factor;
    size_t hn = (size_t)hw * hh;
    // Per half-size pixel: α·colour (3) and α, then (1 − α)·colour (3) and 1 − α; box-averaged,
    // they give the means of the person's and the background's colours near each pixel.
    float *person = calloc(4 * hn, sizeof(float)), *background = calloc(4 * hn, sizeof(float));
    float *scratch = malloc(4 * hn * sizeof(float));
    if (!person || !background || !scratch) {
        free(person), free(background), free(scratch);
        return -1;
    }
    for (int y = 0; y < rh; y++)
        for (int x = 0; x < rw; x++) {
            size_t i = (size_t)(top + y) * width + left + x, j = (size_t)(y / factor) * hw + x / factor;
            float a = alpha[i];
            for (int c = 0; c < 3; c++) {
                float v = rgb[3 * i + c] / 255.0f;
                person[4 * j + c] += a * v;
                background[4 * j + c] += (1 - a) * v;
            }
            person[4 * j + 3] += a;
            background[4 * j + 3] += 1 - a;
        }
    int box = size / factor | 1;
    if (box_blur(person, scratch, hw, hh, 4, box) || box_blur(background, scratch, hw, hh, 4, box)) {
        free(person), free(background), free(scratch);
        return -1;
    }
    int lowered = 0;
    float least2 = least_span * least_span;
    for (int y = 0; y < rh; y++)
        for (int x = 0; x < rw; x++) {
            size_t i = (size_t)(top + y) * width + left + x, j = (size_t)(y / factor) * hw + x / factor;
            float a = alpha[i];
            // (A half-size weight is the sum of up to 4 pixels' opacity: 0.2 is a twentieth of a
            // box wholly person, or wholly background.)
            float weight = ((float)(top + y) + 0.5f - from_row) / (to_row - from_row);
            if (a <= 0 || a >= 1 || weight <= 0 || person[4 * j + 3] < 0.2f || background[4 * j + 3] < 0.2f) continue;
            float f[3], b[3], span2 = 0, dot = 0;
            for (int c = 0; c < 3; c++) {
                f[c] = person[4 * j + c] / person[4 * j + 3];
                b[c] = background[4 * j + c] / background[4 * j + 3];
                span2 += (f[c] - b[c]) * (f[c] - b[c]);
                dot += (rgb[3 * i + c] / 255.0f - b[c]) * (f[c] - b[c]);
            }
            if (span2 < least2) continue;
            float share = dot / span2;
            share = share < 0 ? 0 : (share > 1 ? 1 : share);
            if (share >= a) continue;
            // Trusted as the person and the background's colours part: fully from twice the least span.
            float w = smoothstep((sqrtf(span2) - least_span) / least_span) * smoothstep(weight);
            alpha[i] = a + (share - a) * w;
            lowered++;
        }
    free(person), free(background), free(scratch);
    return lowered;
}
