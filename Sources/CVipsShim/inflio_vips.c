#include "inflio_vips.h"
#include <vips/vips.h>

int inflio_vips_start(const char *program_name) { return VIPS_INIT(program_name); }
void inflio_vips_block_untrusted(int blocked) { vips_block_untrusted_set(blocked); }
void inflio_vips_block_operation(const char *name, int blocked) { vips_operation_block_set(name, blocked); }
void inflio_vips_set_concurrency(int threads) { vips_concurrency_set(threads); }
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

InflioVipsImage *inflio_vips_load_header(const void *bytes, size_t length, const char *loader_options) {
    return vips_image_new_from_buffer(bytes, length, loader_options, "access", VIPS_ACCESS_SEQUENTIAL, NULL);
}

InflioVipsImage *inflio_vips_thumbnail(const void *bytes, size_t length, int width, int height,
                                       int only_shrink, const char *loader_options) {
    VipsImage *out = NULL;
    if (vips_thumbnail_buffer((void *)bytes, length, &out, width, "height", height,
                              "size", only_shrink ? VIPS_SIZE_DOWN : VIPS_SIZE_BOTH,
                              "option_string", loader_options, NULL))
        return NULL;
    return out;
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

void *inflio_vips_pixels(InflioVipsImage *image, size_t *length) {
    return vips_image_write_to_memory(image, length);
}

void *inflio_vips_jpeg(InflioVipsImage *image, int quality, int strip_metadata, size_t *length) {
    void *buffer = NULL;
    if (vips_jpegsave_buffer(image, &buffer, length, "Q", quality, "strip", strip_metadata, NULL)) return NULL;
    return buffer;
}

void *inflio_vips_png(InflioVipsImage *image, size_t *length) {
    void *buffer = NULL;
    if (vips_pngsave_buffer(image, &buffer, length, NULL)) return NULL;
    return buffer;
}

void inflio_vips_free(void *buffer) { g_free(buffer); }
