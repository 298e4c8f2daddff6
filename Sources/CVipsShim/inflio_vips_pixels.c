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

// One output row. The two grid rows are mixed vertically into `mixed` (a grid row's worth), and
// each grid gap's step to its right neighbour into `step`; then each run of output pixels between
// two grid points adds its share of that gap's step: a loop of one multiply-add per value, which
// the compiler vectorises (a pixel-by-pixel lookup of its neighbours did not). `bands` is a
// constant where it is inlined. `starts[j]` is the first output pixel of gap j.
static inline void enlarge_row(const float *r0, const float *r1, float fy, float *mixed, float *step, int gw,
                               int bands, const int *starts, const float *wx, int width, int uchar, void *row) {
    for (int i = 0; i < gw * bands; i++) mixed[i] = r0[i] + fy * (r1[i] - r0[i]);
    int gaps = gw > 1 ? gw - 1 : 1, next = gw > 1 ? bands : 0;
    for (int i = 0; i < gaps * bands; i++) step[i] = mixed[i + next] - mixed[i];
    unsigned char *bytes = row;
    float *floats = row;
    for (int j = 0; j < gaps; j++) {
        int end = j + 1 < gaps ? starts[j + 1] : width;
        for (int k = 0; k < bands; k++) {
            float base = mixed[j * bands + k], rise = step[j * bands + k];
            if (uchar)
                for (int x = starts[j]; x < end; x++)
                    bytes[(size_t)x * bands + k] = (unsigned char)(base + wx[x] * rise + 0.5f);
            else
                for (int x = starts[j]; x < end; x++) floats[(size_t)x * bands + k] = base + wx[x] * rise;
        }
    }
}

// Bilinear enlargement of a gw × gh grid of `bands` interleaved floats into width × height
// pixels, as bytes (rounded) or floats.
static void enlarge_grid(const float *grid, int gw, int gh, int bands, int width, int height, int uchar,
                         unsigned char *pixels) {
    size_t pixel = uchar ? 1 : sizeof(float);
    size_t row_bytes = (size_t)width * bands * pixel;
    int *xs = g_new(int, width), *ys = g_new(int, height), *starts = g_new(int, gw);
    float *wx = g_new(float, width), *wy = g_new(float, height);
    float *mixed = g_new(float, (size_t)gw * bands), *step = g_new(float, (size_t)gw * bands);
    enlarge_axis(width, gw, xs, wx);
    enlarge_axis(height, gh, ys, wy);
    // The columns are in order of their left neighbour, so each gap's run starts where its first
    // column is (a gap with none starts where the next one does).
    for (int j = 0, x = 0; j < gw; j++) {
        while (x < width && xs[x] < j) x++;
        starts[j] = x;
    }
    size_t stride = (size_t)gw * bands;
    for (int y = 0; y < height; y++) {
        const float *r0 = grid + (size_t)ys[y] * stride;
        const float *r1 = gh > 1 ? r0 + stride : r0;
        void *row = pixels + (size_t)y * row_bytes;
        if (bands == 3)
            enlarge_row(r0, r1, wy[y], mixed, step, gw, 3, starts, wx, width, uchar, row);
        else if (bands == 1)
            enlarge_row(r0, r1, wy[y], mixed, step, gw, 1, starts, wx, width, uchar, row);
        else
            enlarge_row(r0, r1, wy[y], mixed, step, gw, bands, starts, wx, width, uchar, row);
    }
    g_free(xs);
    g_free(ys);
    g_free(starts);
    g_free(wx);
    g_free(wy);
    g_free(mixed);
    g_free(step);
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
    size_t row_bytes = (size_t)width * bands * (uchar ? 1 : sizeof(float));
    unsigned char *pixels = g_malloc(row_bytes * height);
    enlarge_grid(grid, gw, gh, bands, width, height, uchar, pixels);
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
