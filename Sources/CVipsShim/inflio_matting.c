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

// The colours near a pixel of one side of the edge (the person's, or the background's), from
// the box-averaged sums of `colour_sums`: the mean, and the covariance with `noise` added on its
// diagonal (a flat colour would otherwise be believed to the last bit).
typedef struct {
    float mean[3];
    float cov[6];  // rr rg rb gg gb bb
} ColourModel;

static void colour_model(const float *first, const float *second, const float *third, float noise, ColourModel *m) {
    float w = first[0];
    for (int c = 0; c < 3; c++) m->mean[c] = first[1 + c] / w;
    const float *mu = m->mean;
    float products[6] = {second[0], second[1], second[2], second[3], third[0], third[1]};
    int pairs[6][2] = {{0, 0}, {0, 1}, {0, 2}, {1, 1}, {1, 2}, {2, 2}};
    for (int k = 0; k < 6; k++) {
        m->cov[k] = products[k] / w - mu[pairs[k][0]] * mu[pairs[k][1]];
        if (pairs[k][0] == pairs[k][1]) m->cov[k] += noise;
    }
}

// (x − m)ᵀ C⁻¹ (x − m) for a symmetric 3 × 3 C (rr rg rb gg gb bb); infinity when C is singular.
static float mahalanobis2(const float d[3], const float c[6]) {
    float a = c[0], b = c[1], e = c[2], f = c[3], g = c[4], h = c[5];
    float i00 = f * h - g * g, i01 = e * g - b * h, i02 = b * g - e * f;
    float i11 = a * h - e * e, i12 = b * e - a * g, i22 = a * f - b * b;
    float det = a * i00 + b * i01 + e * i02;
    if (!(det > 1e-12f)) return INFINITY;
    float q = d[0] * (i00 * d[0] + i01 * d[1] + i02 * d[2]) + d[1] * (i01 * d[0] + i11 * d[1] + i12 * d[2])
              + d[2] * (i02 * d[0] + i12 * d[1] + i22 * d[2]);
    return q / det;
}

// How unlikely `colour` is as `share` of the person's colours and the rest the background's:
// a Gaussian mix of the two models (as in Bayesian matting, Chuang et al. 2001).
static float mix_distance(const float colour[3], const ColourModel *person, const ColourModel *background, float share,
                          float noise) {
    float d[3], cov[6];
    for (int c = 0; c < 3; c++)
        d[c] = colour[c] - (share * person->mean[c] + (1 - share) * background->mean[c]);
    for (int k = 0; k < 6; k++)
        cov[k] = share * share * person->cov[k] + (1 - share) * (1 - share) * background->cov[k];
    cov[0] += noise, cov[3] += noise, cov[5] += noise;
    return mahalanobis2(d, cov);
}

// The person's share of `colour` along the line from the background's mean to the person's
// (`person` and `background`: [r g b w] sums weighted by the opacity and its complement), where it
// is below `a`: trusted as the two means part, not at all under `least_span` apart (RGB 0–1),
// fully from twice that. `a` where the line says nothing.
static float line_share(const float colour[3], const float *person, const float *background, float a,
                        float least_span) {
    float f[3], b[3], span2 = 0, dot = 0;
    for (int c = 0; c < 3; c++) {
        f[c] = person[c] / person[3];
        b[c] = background[c] / background[3];
        span2 += (f[c] - b[c]) * (f[c] - b[c]);
        dot += (colour[c] - b[c]) * (f[c] - b[c]);
    }
    if (span2 < least_span * least_span) return a;
    float share = dot / span2;
    share = share < 0 ? 0 : (share > 1 ? 1 : share);
    if (share >= a) return a;
    return a + (share - a) * smoothstep((sqrtf(span2) - least_span) / least_span);
}

int inflio_matte_tighten(const unsigned char *rgb, float *alpha, int width, int height, float from_row, float to_row,
                         int size, float least_span) {
    // The box round the soft edge where it may be drawn in (from `from_row` down), with the
    // models' reach.
    int soft[4];
    if (!soft_box(alpha, width, height, from_row < 0 ? 0 : (int)from_row, size, soft)) return 0;
    int left = soft[0], top = soft[1], right = soft[2], bottom = soft[3];
    int rw = right - left + 1, rh = bottom - top + 1;
    // The models are smooth over the box, so they are made at a quarter of the size (a
    // sixteenth of the cost) and read at the nearest small pixel.
    enum { factor = 4 };
    int hw = (rw + factor - 1) / factor, hh = (rh + factor - 1) / factor;
    size_t hn = (size_t)hw * hh;
    // Per small pixel and side, weighted by how surely the pixel is that side's: the weight
    // and the colour [w r g b], the products [rr rg rb gg] and [gb bb] (box-averaged, a mean and
    // a covariance). Only what the matte is sure of (over 0.9, under 0.1) builds a side's
    // model: a half-believed brown curtain beside a navy shoulder, in the person's model, made
    // the person's colours look brown enough to keep it.
    // And [r g b w] weighted by the opacity itself and by its complement: the means along whose
    // line a one-colour background is told apart even where the matte's too-wide edge, counted
    // sure, has put some of it in the person's model (`line_share`).
    float *sums[8];
    const int planes[8] = {4, 4, 2, 4, 4, 2, 4, 4};
    // (The reductions' blur, at full size, uses it too.)
    size_t full = (size_t)rw * rh;
    float *scratch = malloc((4 * hn > full ? 4 * hn : full) * sizeof(float));
    float *reduction = calloc(full, sizeof(float)), *line_cut = calloc(full, sizeof(float));
    float *softness = calloc(full, sizeof(float));  // 1 where a pixel was weighed
    int failed = !scratch || !reduction || !line_cut || !softness;
    for (int k = 0; k < 8; k++) {
        sums[k] = calloc(planes[k] * hn, sizeof(float));
        failed |= !sums[k];
    }
    int lowered = -1;
    if (failed) goto done;
    // Every other pixel of every other row: a box of 35 pixels still holds about 300 of them, and
    // the sums were most of the pass's time.
    enum { stride = 2 };
    for (int y = 0; y < rh; y += stride)
        for (int x = 0; x < rw; x += stride) {
            size_t i = (size_t)(top + y) * width + left + x, j = (size_t)(y / factor) * hw + x / factor;
            float a = alpha[i], v[3];
            for (int c = 0; c < 3; c++) v[c] = rgb[3 * i + c] / 255.0f;
            float weights[2] = {smoothstep((a - 0.9f) / 0.1f), smoothstep((0.1f - a) / 0.1f)};
            for (int side = 0; side < 2; side++) {
                float w = weights[side];
                if (w <= 0) continue;
                float *first = sums[3 * side] + 4 * j, *second = sums[3 * side + 1] + 4 * j,
                      *third = sums[3 * side + 2] + 2 * j;
                first[0] += w, first[1] += w * v[0], first[2] += w * v[1], first[3] += w * v[2];
                second[0] += w * v[0] * v[0], second[1] += w * v[0] * v[1], second[2] += w * v[0] * v[2];
                second[3] += w * v[1] * v[1], third[0] += w * v[1] * v[2], third[1] += w * v[2] * v[2];
            }
            for (int c = 0; c < 3; c++) sums[6][4 * j + c] += a * v[c], sums[7][4 * j + c] += (1 - a) * v[c];
            sums[6][4 * j + 3] += a, sums[7][4 * j + 3] += 1 - a;
        }
    int box = size / factor | 1;
    for (int k = 0; k < 8; k++)
        if (box_blur(sums[k], scratch, hw, hh, planes[k], box)) goto done;
    lowered = 0;
    // JPEG's and the sensor's noise, as a variance in RGB 0–1 (about 5 levels of 255).
    const float noise = 4e-4f;
    for (int y = 0; y < rh; y++)
        for (int x = 0; x < rw; x++) {
            size_t i = (size_t)(top + y) * width + left + x, j = (size_t)(y / factor) * hw + x / factor;
            float a = alpha[i];
            float row = (float)(top + y) + 0.5f;
            // (A small pixel's weight is the sum of up to (factor / stride)² pixels' opacities, or
            // their complements: `least` is a twentieth of the box wholly person, or wholly
            // background, for the line's sums; for the mixture's, of the box surely so.)
            const float least = 0.05f * (factor / stride) * (factor / stride);
            if (a <= 0 || a >= 1 || row <= from_row || sums[6][4 * j + 3] < least || sums[7][4 * j + 3] < least) continue;
            // The mixture needs both sides' sure colours near; the line, only their means.
            int modelled = sums[0][4 * j] >= least && sums[3][4 * j] >= least;
            float colour[3];
            for (int c = 0; c < 3; c++) colour[c] = rgb[3 * i + c] / 255.0f;
            ColourModel person, background;
            if (modelled) {
                colour_model(sums[0] + 4 * j, sums[1] + 4 * j, sums[2] + 2 * j, noise, &person);
                colour_model(sums[3] + 4 * j, sums[4] + 4 * j, sums[5] + 2 * j, noise, &background);
            }
            // The share that explains the colour best, in quarters of the matte's own, against the
            // matte's own: coarse, as only lowering is asked and the reductions are averaged below.
            float best = a, best_distance = modelled ? mix_distance(colour, &person, &background, a, noise) : INFINITY;
            float at_matte = best_distance;
            for (int step = 0; modelled && step < 4; step++) {
                float share = a * step / 4.0f;
                float distance = mix_distance(colour, &person, &background, share, noise);
                if (distance < best_distance) best = share, best_distance = distance;
            }
            // Trusted as the evidence grows: a squared distance under `weak` better is chance
            // (three colour channels), `strong` better is sure; and only where the best share
            // explains the colour at all (a colour neither side has, such as a highlight, says
            // nothing of the share).
            const float weak = 2, strong = 10, explained = 16, unexplained = 36;
            float mixed = a;
            if (best < a && isfinite(at_matte)) {
                float evidence = smoothstep((at_matte - best_distance - weak) / (strong - weak));
                float fit = 1 - smoothstep((best_distance - explained) / (unexplained - explained));
                mixed = a + (best - a) * evidence * fit;
            }
            float weight = smoothstep((row - from_row) / (to_row - from_row));
            reduction[(size_t)y * rw + x] = (a - mixed) * weight;
            softness[(size_t)y * rw + x] = 1;
            float lined = line_share(colour, sums[6] + 4 * j, sums[7] + 4 * j, a, least_span);
            line_cut[(size_t)y * rw + x] = (a - lined) * weight;
        }
    // Each pixel's own colour decides its share, and the photo's noise with it: the mixture's
    // reductions are averaged over the soft pixels of 5 × 5 (or a dark blob beside a shoulder came
    // out speckled with holes, and a line of pixels the noise spared stood apart from the shoulder
    // as a thin dark outline), over the soft ones only, so the solid person beside a thin soft edge
    // does not dilute its cut. (The line's means are smooth already.) Only the soft pixels take
    // them: the person's solid edge stays.
    if (box_blur(reduction, scratch, rw, rh, 1, 5) || box_blur(softness, scratch, rw, rh, 1, 5)) {
        lowered = -1;
        goto done;
    }
    for (int y = 0; y < rh; y++)
        for (int x = 0; x < rw; x++) {
            size_t i = (size_t)(top + y) * width + left + x;
            // (The blur reaches two rows above the first asked: not there.)
            float row = (float)(top + y) + 0.5f, a = alpha[i], line = line_cut[(size_t)y * rw + x];
            float share = softness[(size_t)y * rw + x];
            float cut = row > from_row && share > 0 ? reduction[(size_t)y * rw + x] / share : 0;
            float by = cut > line ? cut : line;
            if (a <= 0 || a >= 1 || by <= 0) continue;
            alpha[i] = a > by ? a - by : 0;
            lowered++;
        }
done:
    for (int k = 0; k < 8; k++) free(sums[k]);
    free(scratch);
    free(reduction);
    free(line_cut);
    free(softness);
    return lowered;
}
