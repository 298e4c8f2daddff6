// Pictures whose pixels are made by our own loops and handed to libvips without a copy: the
// bilinear enlargement of a coarse grid, and an empty 8-bit picture a C pass then fills.
#include "inflio_vips.h"
#include <vips/vips.h>

// Frees a picture's own pixels when the picture closes.
static void free_pixels(VipsImage *image, void *pixels) {
    (void)image;
    g_free(pixels);
}

// Where output column (or row) i of `size` falls on a grid of `grid` points whose centres sit at
// (j + 0.5) · size / grid: the left neighbour and the weight of the right one.
static void enlarge_axis(int size, int grid, int *first, float *weight) {
    for (int i = 0; i < size; i++) {
        double s = (i + 0.5) * grid / size - 0.5;
        if (s < 0) s = 0;
        if (s > grid - 1) s = grid - 1;
        int j = (int)s;
        if (j > grid - 2) j = grid > 1 ? grid - 2 : 0;
        first[i] = j;
        weight[i] = grid > 1 ? (float)(s - j) : 0.0f;
    }
}

// One output row: the two grid rows are mixed vertically into `mixed` (a grid row's worth), then
// each output pixel mixes its two neighbours there. `bands` is a constant where it is inlined, so
// the inner loop unrolls.
static inline void enlarge_row(const float *r0, const float *r1, float fy, float *mixed, int gw, int bands,
                               const int *xs, const float *wx, int width, int uchar, void *row) {
    for (int i = 0; i < gw * bands; i++) mixed[i] = r0[i] + fy * (r1[i] - r0[i]);
    int next = gw > 1 ? bands : 0;
    unsigned char *bytes = row;
    float *floats = row;
    for (int x = 0; x < width; x++) {
        const float *a = mixed + (size_t)xs[x] * bands;
        float f = wx[x];
        for (int k = 0; k < bands; k++) {
            float v = a[k] + f * (a[next + k] - a[k]);
            if (uchar)
                bytes[(size_t)x * bands + k] = (unsigned char)(v + 0.5f);
            else
                floats[(size_t)x * bands + k] = v;
        }
    }
}

// Bilinear enlargement of a small picture (a grid of a smooth field) in one pass of our own:
// libvips' affine resampler costs about 30 ms a 1280×720 canvas on one thread, this about 3.
InflioVipsImage *inflio_vips_enlarge_bilinear(InflioVipsImage *image, int width, int height) {
    int uchar = vips_image_get_format(image) == VIPS_FORMAT_UCHAR;
    VipsImage *cast = NULL;
    if (vips_cast(image, &cast, VIPS_FORMAT_FLOAT, NULL)) return NULL;
    size_t length = 0;
    float *grid = vips_image_write_to_memory(cast, &length);
    int gw = cast->Xsize, gh = cast->Ysize, bands = cast->Bands;
    VipsInterpretation interpretation = vips_image_get_interpretation(image);
    g_object_unref(cast);
    if (!grid) return NULL;
    size_t pixel = uchar ? 1 : sizeof(float);
    size_t row_bytes = (size_t)width * bands * pixel;
    unsigned char *pixels = g_malloc(row_bytes * height);
    int *xs = g_new(int, width), *ys = g_new(int, height);
    float *wx = g_new(float, width), *wy = g_new(float, height), *mixed = g_new(float, (size_t)gw * bands);
    enlarge_axis(width, gw, xs, wx);
    enlarge_axis(height, gh, ys, wy);
    size_t stride = (size_t)gw * bands;
    for (int y = 0; y < height; y++) {
        const float *r0 = grid + (size_t)ys[y] * stride;
        const float *r1 = gh > 1 ? r0 + stride : r0;
        void *row = pixels + (size_t)y * row_bytes;
        if (bands == 3)
            enlarge_row(r0, r1, wy[y], mixed, gw, 3, xs, wx, width, uchar, row);
        else if (bands == 1)
            enlarge_row(r0, r1, wy[y], mixed, gw, 1, xs, wx, width, uchar, row);
        else
            enlarge_row(r0, r1, wy[y], mixed, gw, bands, xs, wx, width, uchar, row);
    }
    g_free(xs);
    g_free(ys);
    g_free(wx);
    g_free(wy);
    g_free(mixed);
    g_free(grid);
    VipsImage *out = vips_image_new_from_memory(pixels, row_bytes * height, width, height, bands,
                                                uchar ? VIPS_FORMAT_UCHAR : VIPS_FORMAT_FLOAT);
    if (!out) {
        g_free(pixels);
        return NULL;
    }
    // The pixels live as long as the picture.
    g_signal_connect(out, "postclose", G_CALLBACK(free_pixels), pixels);
    out->Type = interpretation;
    return out;
}

InflioVipsImage *inflio_vips_new_bytes(int width, int height, int bands, const InflioVipsImage *like,
                                       unsigned char **pixels) {
    size_t length = (size_t)width * height * bands;
    unsigned char *buffer = g_try_malloc(length);
    if (!buffer) return NULL;
    VipsImage *out = vips_image_new_from_memory(buffer, length, width, height, bands, VIPS_FORMAT_UCHAR);
    if (!out) {
        g_free(buffer);
        return NULL;
    }
    g_signal_connect(out, "postclose", G_CALLBACK(free_pixels), buffer);
    // The colour space, so that a grey picture with alpha or a CMYK one stays what it was.
    if (like) out->Type = vips_image_get_interpretation(like);
    *pixels = buffer;
    return out;
}
