#include "inflio_vips.h"
#include <vips/vips.h>
#include <vips/vector.h>  // not part of vips.h: vips_vector_set_enabled

int inflio_vips_start(const char *program_name) { return VIPS_INIT(program_name); }
void inflio_vips_block_untrusted(int blocked) { vips_block_untrusted_set(blocked); }
void inflio_vips_block_operation(const char *name, int blocked) { vips_operation_block_set(name, blocked); }
void inflio_vips_set_concurrency(int threads) { vips_concurrency_set(threads); }
void inflio_vips_set_vector(int enabled) { vips_vector_set_enabled(enabled); }
void inflio_vips_set_cache(int max_operations, size_t max_memory) {
    vips_cache_set_max(max_operations);
    vips_cache_set_max_mem(max_memory);
}

const char *inflio_vips_error_text(void) { return vips_error_buffer(); }
void inflio_vips_error_clear(void) { vips_error_clear(); }

void inflio_vips_unref(InflioVipsImage *image) { if (image) g_object_unref(image); }
int inflio_vips_width(const InflioVipsImage *image) { return vips_image_get_width(image); }
int inflio_vips_height(const InflioVipsImage *image) { return vips_image_get_height(image); }
int inflio_vips_bands(const InflioVipsImage *image) { return vips_image_get_bands(image); }
int inflio_vips_has_alpha(InflioVipsImage *image) { return vips_image_hasalpha(image); }
int inflio_vips_orientation(InflioVipsImage *image) { return vips_image_get_orientation(image); }
int inflio_vips_is_uchar(const InflioVipsImage *image) {
    return vips_image_get_format(image) == VIPS_FORMAT_UCHAR;
}
int inflio_vips_bits_per_sample(const InflioVipsImage *image) {
    return (int)vips_format_sizeof(vips_image_get_format(image)) * 8;
}
int inflio_vips_is_cmyk(const InflioVipsImage *image) {
    return vips_image_get_interpretation(image) == VIPS_INTERPRETATION_CMYK;
}

int inflio_vips_has_icc_profile(InflioVipsImage *image) {
    return vips_image_get_typeof(image, VIPS_META_ICC_NAME) != 0;
}

int inflio_vips_icc_profile_fits(InflioVipsImage *image) {
    const void *data = NULL;
    size_t length = 0;
    if (!vips_image_get_typeof(image, VIPS_META_ICC_NAME) ||
        vips_image_get_blob(image, VIPS_META_ICC_NAME, &data, &length))
        return 0;
    return vips_icc_is_compatible_profile(image, data, length) ? 1 : 0;
}

InflioVipsImage *inflio_vips_with_icc_profile(InflioVipsImage *image, const void *profile, size_t length) {
    VipsImage *out = NULL;
    if (vips_copy(image, &out, NULL)) return NULL;
    if (profile)
        vips_image_set_blob_copy(out, VIPS_META_ICC_NAME, profile, length);
    else
        vips_image_remove(out, VIPS_META_ICC_NAME);
    return out;
}

void *inflio_vips_profile_bytes(const char *name, size_t *length) {
    VipsBlob *blob = NULL;
    if (vips_profile_load(name, &blob, NULL) || !blob) return NULL;
    size_t size = 0;
    const void *data = vips_blob_get(blob, &size);
    void *copy = g_memdup2(data, size);
    vips_area_unref(VIPS_AREA(blob));
    *length = size;
    return copy;
}

InflioVipsImage *inflio_vips_load_header(const void *bytes, size_t length, const char *loader_options) {
    return vips_image_new_from_buffer(bytes, length, loader_options, "access", VIPS_ACCESS_SEQUENTIAL, NULL);
}

InflioVipsImage *inflio_vips_thumbnail(const void *bytes, size_t length, int width, int height,
                                       int only_shrink, const char *loader_options, const char *export_profile,
                                       int intent) {
    VipsImage *out = NULL;
    // "export_profile" is the name libvips 8.14 knows (later versions keep it as an alias).
    if (vips_thumbnail_buffer((void *)bytes, length, &out, width, "height", height,
                              "size", only_shrink ? VIPS_SIZE_DOWN : VIPS_SIZE_BOTH,
                              "option_string", loader_options, "export_profile", export_profile,
                              "intent", (VipsIntent)intent, NULL))
        return NULL;
    return out;
}

InflioVipsImage *inflio_vips_thumbnail_image(InflioVipsImage *image, int width, int height, int only_shrink) {
    VipsImage *out = NULL;
    return vips_thumbnail_image(image, &out, width, "height", height,
                                "size", only_shrink ? VIPS_SIZE_DOWN : VIPS_SIZE_BOTH, NULL) ? NULL : out;
}

InflioVipsImage *inflio_vips_from_pixels(const void *pixels, size_t length, int width, int height, int bands) {
    return vips_image_new_from_memory_copy(pixels, length, width, height, bands, VIPS_FORMAT_UCHAR);
}

InflioVipsImage *inflio_vips_flatten(InflioVipsImage *image, double red, double green, double blue) {
    VipsImage *out = NULL;
    VipsArrayDouble *background = vips_array_double_newv(3, red, green, blue);
    int failed = vips_flatten(image, &out, "background", background, NULL);
    vips_area_unref(VIPS_AREA(background));
    return failed ? NULL : out;
}

InflioVipsImage *inflio_vips_to_srgb(InflioVipsImage *image) {
    VipsImage *out = NULL;
    return vips_colourspace(image, &out, VIPS_INTERPRETATION_sRGB, NULL) ? NULL : out;
}

InflioVipsImage *inflio_vips_to_grey(InflioVipsImage *image) {
    VipsImage *out = NULL;
    return vips_colourspace(image, &out, VIPS_INTERPRETATION_B_W, NULL) ? NULL : out;
}

InflioVipsImage *inflio_vips_icc_transform(InflioVipsImage *image, const char *output_profile,
                                           const char *input_profile, int embedded, int intent, int depth) {
    VipsImage *out = NULL;
    return vips_icc_transform(image, &out, output_profile, "input_profile", input_profile, "embedded", embedded,
                              "intent", (VipsIntent)intent, "depth", depth, NULL) ? NULL : out;
}

InflioVipsImage *inflio_vips_cast_uchar(InflioVipsImage *image) {
    VipsImage *out = NULL;
    return vips_cast(image, &out, VIPS_FORMAT_UCHAR, NULL) ? NULL : out;
}

InflioVipsImage *inflio_vips_extract_bands(InflioVipsImage *image, int first, int count) {
    VipsImage *out = NULL;
    return vips_extract_band(image, &out, first, "n", count, NULL) ? NULL : out;
}

InflioVipsImage *inflio_vips_resize(InflioVipsImage *image, double scale) {
    VipsImage *out = NULL;
    return vips_resize(image, &out, scale, NULL) ? NULL : out;
}

InflioVipsImage *inflio_vips_gaussblur(InflioVipsImage *image, double sigma) {
    VipsImage *out = NULL;
    return vips_gaussblur(image, &out, sigma, NULL) ? NULL : out;
}

InflioVipsImage *inflio_vips_linear(InflioVipsImage *image, double multiply, double add) {
    VipsImage *out = NULL;
    return vips_linear1(image, &out, multiply, add, "uchar", TRUE, NULL) ? NULL : out;
}

InflioVipsImage *inflio_vips_embed(InflioVipsImage *image, int x, int y, int width, int height,
                                   double red, double green, double blue) {
    VipsImage *out = NULL;
    VipsArrayDouble *background = vips_array_double_newv(3, red, green, blue);
    int failed = vips_embed(image, &out, x, y, width, height,
                            "extend", VIPS_EXTEND_BACKGROUND, "background", background, NULL);
    vips_area_unref(VIPS_AREA(background));
    return failed ? NULL : out;
}

InflioVipsImage *inflio_vips_insert(InflioVipsImage *image, InflioVipsImage *patch, int x, int y) {
    VipsImage *out = NULL;
    return vips_insert(image, patch, &out, x, y, NULL) ? NULL : out;
}

InflioVipsImage *inflio_vips_crop(InflioVipsImage *image, int left, int top, int width, int height) {
    VipsImage *out = NULL;
    return vips_crop(image, &out, left, top, width, height, NULL) ? NULL : out;
}

InflioVipsImage *inflio_vips_rotate(InflioVipsImage *image, double degrees, double red, double green, double blue) {
    VipsImage *out = NULL;
    VipsArrayDouble *background = vips_array_double_newv(3, red, green, blue);
    int failed = vips_rotate(image, &out, degrees, "background", background, NULL);
    vips_area_unref(VIPS_AREA(background));
    return failed ? NULL : out;
}

InflioVipsImage *inflio_vips_rot90(InflioVipsImage *image, int quarter_turns) {
    static const VipsAngle angles[4] = {VIPS_ANGLE_D0, VIPS_ANGLE_D90, VIPS_ANGLE_D180, VIPS_ANGLE_D270};
    VipsImage *out = NULL;
    return vips_rot(image, &out, angles[((quarter_turns % 4) + 4) % 4], NULL) ? NULL : out;
}

InflioVipsImage *inflio_vips_with_orientation(InflioVipsImage *image, int orientation) {
    VipsImage *out = NULL;
    if (vips_copy(image, &out, NULL)) return NULL;
    vips_image_set_int(out, VIPS_META_ORIENTATION, orientation);
    return out;
}

InflioVipsImage *inflio_vips_affine(InflioVipsImage *image, double a, double b, double c, double d,
                                    double odx, double ody, int width, int height) {
    VipsImage *out = NULL;
    VipsArrayInt *area = vips_array_int_newv(4, 0, 0, width, height);
    VipsInterpolate *bicubic = vips_interpolate_new("bicubic");
    int failed = vips_affine(image, &out, a, b, c, d, "oarea", area, "odx", odx, "ody", ody,
                             "interpolate", bicubic, "extend", VIPS_EXTEND_BLACK, NULL);
    g_object_unref(bicubic);
    vips_area_unref(VIPS_AREA(area));
    return failed ? NULL : out;
}

InflioVipsImage *inflio_vips_resize_xy(InflioVipsImage *image, double hscale, double vscale) {
    VipsImage *out = NULL;
    return vips_resize(image, &out, hscale, "vscale", vscale, NULL) ? NULL : out;
}

InflioVipsImage *inflio_vips_embed_copy(InflioVipsImage *image, int x, int y, int width, int height) {
    VipsImage *out = NULL;
    return vips_embed(image, &out, x, y, width, height, "extend", VIPS_EXTEND_COPY, NULL) ? NULL : out;
}

InflioVipsImage *inflio_vips_shrink(InflioVipsImage *image, double hshrink, double vshrink) {
    VipsImage *out = NULL;
    return vips_shrink(image, &out, hshrink, vshrink, NULL) ? NULL : out;
}

InflioVipsImage *inflio_vips_linear_bands(InflioVipsImage *image, const double *multiply, const double *add,
                                          int count, int uchar_output) {
    VipsImage *out = NULL;
    return vips_linear(image, &out, (double *)multiply, (double *)add, count, "uchar", uchar_output, NULL) ? NULL : out;
}

InflioVipsImage *inflio_vips_recomb(InflioVipsImage *image, const double *matrix, int rows, int columns) {
    VipsImage *out = NULL;
    VipsImage *m = vips_image_new_matrix_from_array(columns, rows, matrix, rows * columns);
    if (!m) return NULL;
    int failed = vips_recomb(image, &out, m, NULL);
    g_object_unref(m);
    return failed ? NULL : out;
}

InflioVipsImage *inflio_vips_add(InflioVipsImage *left, InflioVipsImage *right) {
    VipsImage *out = NULL;
    return vips_add(left, right, &out, NULL) ? NULL : out;
}

InflioVipsImage *inflio_vips_multiply(InflioVipsImage *left, InflioVipsImage *right) {
    VipsImage *out = NULL;
    return vips_multiply(left, right, &out, NULL) ? NULL : out;
}

InflioVipsImage *inflio_vips_divide(InflioVipsImage *left, InflioVipsImage *right) {
    VipsImage *out = NULL;
    return vips_divide(left, right, &out, NULL) ? NULL : out;
}

InflioVipsImage *inflio_vips_ifthenelse(InflioVipsImage *condition, InflioVipsImage *then_image,
                                        InflioVipsImage *otherwise, int blend) {
    VipsImage *out = NULL;
    return vips_ifthenelse(condition, then_image, otherwise, &out, "blend", blend, NULL) ? NULL : out;
}

InflioVipsImage *inflio_vips_cast_float(InflioVipsImage *image) {
    VipsImage *out = NULL;
    return vips_cast(image, &out, VIPS_FORMAT_FLOAT, NULL) ? NULL : out;
}

InflioVipsImage *inflio_vips_copy_memory(InflioVipsImage *image) { return vips_image_copy_memory(image); }

void *inflio_vips_pixels(InflioVipsImage *image, size_t *length) {
    return vips_image_write_to_memory(image, length);
}

void *inflio_vips_jpeg(InflioVipsImage *image, int quality, int strip_metadata, size_t *length) {
    void *buffer = NULL;
    if (vips_jpegsave_buffer(image, &buffer, length, "Q", quality, "strip", strip_metadata, NULL)) return NULL;
    return buffer;
}

void *inflio_vips_png(InflioVipsImage *image, int strip_metadata, int compression, size_t *length) {
    void *buffer = NULL;
    if (vips_pngsave_buffer(image, &buffer, length, "strip", strip_metadata, "compression", compression, NULL))
        return NULL;
    return buffer;
}

void *inflio_vips_heic(InflioVipsImage *image, int quality, int strip_metadata, size_t *length) {
    void *buffer = NULL;
    if (vips_heifsave_buffer(image, &buffer, length, "Q", quality, "compression", VIPS_FOREIGN_HEIF_COMPRESSION_HEVC,
                             "strip", strip_metadata, NULL))
        return NULL;
    return buffer;
}

void inflio_vips_free(void *buffer) { g_free(buffer); }

// ---- Design rendering (the content studio's layout renderer) ----

InflioVipsImage *inflio_vips_text(const char *markup, const char *font, int width, int height, int align, int spacing,
                                  int *fitted_dpi) {
    VipsImage *out = NULL;
    int dpi = 72;
    int result;
    // With a height, libvips searches the dpi that fills width × height (its "autofit").
    if (height > 0)
        result = vips_text(&out, markup, "font", font, "width", width, "height", height, "align", align, "spacing",
                           spacing, "wrap", VIPS_TEXT_WRAP_WORD_CHAR, "autofit_dpi", &dpi, NULL);
    else
        result = vips_text(&out, markup, "font", font, "width", width, "align", align, "spacing", spacing, "wrap",
                           VIPS_TEXT_WRAP_WORD_CHAR, NULL);
    if (result) return NULL;
    if (fitted_dpi) *fitted_dpi = dpi;
    return out;
}

InflioVipsImage *inflio_vips_solid(int width, int height, double red, double green, double blue) {
    VipsImage *black = NULL, *coloured = NULL, *out = NULL;
    double a[3] = {0, 0, 0};
    double b[3] = {red, green, blue};
    if (vips_black(&black, width, height, "bands", 3, NULL)) return NULL;
    int failed = vips_linear(black, &coloured, a, b, 3, "uchar", TRUE, NULL);
    g_object_unref(black);
    if (failed) return NULL;
    failed = vips_copy(coloured, &out, "interpretation", VIPS_INTERPRETATION_sRGB, NULL);
    g_object_unref(coloured);
    return failed ? NULL : out;
}

void *inflio_vips_webp(InflioVipsImage *image, int quality, int strip_metadata, size_t *length) {
    void *buffer = NULL;
    if (vips_webpsave_buffer(image, &buffer, length, "Q", quality, "strip", strip_metadata, NULL)) return NULL;
    return buffer;
}
