// Fixed-arity C wrappers over libvips, callable from Swift.
// libvips' API is variadic (NULL-terminated option lists), which Swift cannot call; each function
// here forwards one call with the options spelled out. No policy lives here: what to block, which
// sizes to use and when to fail are decided in Swift (Sources/Imaging).
#ifndef INFLIO_VIPS_H
#define INFLIO_VIPS_H

#include <stddef.h>

struct _VipsImage;
typedef struct _VipsImage InflioVipsImage;

// Process set-up.
int inflio_vips_start(const char *program_name);
void inflio_vips_block_untrusted(int blocked);
void inflio_vips_block_operation(const char *name, int blocked);
void inflio_vips_set_concurrency(int threads);
/// liborc's run-time SIMD code generation (on or off).
void inflio_vips_set_vector(int enabled);
void inflio_vips_set_cache(int max_operations, size_t max_memory);

// Errors: libvips keeps a per-process text buffer.
const char *inflio_vips_error_text(void);
void inflio_vips_error_clear(void);

// Images are reference counted; every function returning an image returns a new reference
// (NULL on error) that the caller releases with inflio_vips_unref.
void inflio_vips_unref(InflioVipsImage *image);
int inflio_vips_width(const InflioVipsImage *image);
int inflio_vips_height(const InflioVipsImage *image);
int inflio_vips_bands(const InflioVipsImage *image);
// 1 when the image's band format is unsigned 8-bit.
int inflio_vips_is_uchar(const InflioVipsImage *image);
int inflio_vips_has_alpha(InflioVipsImage *image);
int inflio_vips_orientation(InflioVipsImage *image);
/// Bits per band value: 8 for ordinary photos, 16 for 16-bit PNGs.
int inflio_vips_bits_per_sample(const InflioVipsImage *image);
/// 1 when libvips reads the image as CMYK (a four-channel JPEG).
int inflio_vips_is_cmyk(const InflioVipsImage *image);

// Embedded ICC profiles (libvips' "icc-profile-data").
int inflio_vips_has_icc_profile(InflioVipsImage *image);
/// 1 when lcms parses the embedded profile and its colour space fits the image's bands
/// (vips_icc_is_compatible_profile), 0 otherwise (none, corrupt, or e.g. a CMYK profile on RGB).
int inflio_vips_icc_profile_fits(InflioVipsImage *image);
/// A copy of the image carrying `profile` (any bytes, unchecked) as its embedded profile; with a
/// NULL `profile`, a copy carrying none.
InflioVipsImage *inflio_vips_with_icc_profile(InflioVipsImage *image, const void *profile, size_t length);
/// The bytes of a profile libvips knows by name ("srgb", "p3", "cmyk") or a profile file's path;
/// released with inflio_vips_free.
void *inflio_vips_profile_bytes(const char *name, size_t *length);

// Loading. `loader_options` is a libvips option string such as "fail_on=truncated".
// The loaded image is lazy and sequential: the header is read now, the pixels when asked for.
InflioVipsImage *inflio_vips_load_header(const void *bytes, size_t length, const char *loader_options);
// Decoded at most width × height (shrink-on-load), upright. With an `export_profile` (a libvips
// profile name or path; NULL for none), the image is transformed from its embedded profile into
// that one after shrinking, with `intent` (VipsIntent: 0 perceptual, 1 relative colorimetric).
InflioVipsImage *inflio_vips_thumbnail(const void *bytes, size_t length, int width, int height,
                                       int only_shrink, const char *loader_options, const char *export_profile,
                                       int intent);
// The same from an already-loaded image (no shrink-on-load), upright.
InflioVipsImage *inflio_vips_thumbnail_image(InflioVipsImage *image, int width, int height, int only_shrink);
InflioVipsImage *inflio_vips_from_pixels(const void *pixels, size_t length, int width, int height, int bands);
// A new 8-bit picture whose pixels the caller then writes at `*pixels` (width × height × bands
// bytes, living as long as the picture): a C pass's result without a copy. It takes `like`'s
// interpretation (sRGB, grey, CMYK...) unless `like` is NULL. NULL without memory.
InflioVipsImage *inflio_vips_new_bytes(int width, int height, int bands, const InflioVipsImage *like,
                                       unsigned char **pixels);

// Pixel operations.
InflioVipsImage *inflio_vips_flatten(InflioVipsImage *image, double red, double green, double blue);
InflioVipsImage *inflio_vips_to_srgb(InflioVipsImage *image);
/// To libvips' 8-bit greyscale (B_W), with its own (profile-free) maths.
InflioVipsImage *inflio_vips_to_grey(InflioVipsImage *image);
// ICC transform into `output_profile` (a libvips profile name or path). The input profile is the
// embedded one when `embedded` is set and it fits, else `input_profile` (NULL: libvips' default
// for the image's bands). `intent` is a VipsIntent; `depth` 8 or 16 bits for the output.
InflioVipsImage *inflio_vips_icc_transform(InflioVipsImage *image, const char *output_profile,
                                           const char *input_profile, int embedded, int intent, int depth);
InflioVipsImage *inflio_vips_cast_uchar(InflioVipsImage *image);
InflioVipsImage *inflio_vips_extract_bands(InflioVipsImage *image, int first, int count);
InflioVipsImage *inflio_vips_resize(InflioVipsImage *image, double scale);
InflioVipsImage *inflio_vips_gaussblur(InflioVipsImage *image, double sigma);
InflioVipsImage *inflio_vips_linear(InflioVipsImage *image, double multiply, double add);
InflioVipsImage *inflio_vips_embed(InflioVipsImage *image, int x, int y, int width, int height,
                                   double red, double green, double blue);
InflioVipsImage *inflio_vips_crop(InflioVipsImage *image, int left, int top, int width, int height);
// `patch` over `image` with its top-left corner at (x, y), clipped to the image (same bands and format).
InflioVipsImage *inflio_vips_insert(InflioVipsImage *image, InflioVipsImage *patch, int x, int y);
InflioVipsImage *inflio_vips_rotate(InflioVipsImage *image, double degrees, double red, double green, double blue);
InflioVipsImage *inflio_vips_rot90(InflioVipsImage *image, int quarter_turns);
InflioVipsImage *inflio_vips_with_orientation(InflioVipsImage *image, int orientation);

// Compositing (the local studio renderer). Images keep the band format libvips gives unless a
// function says otherwise; the Swift side casts back to 8-bit where it wants bytes.
// Affine warp into the output area (0, 0, width, height): x' = a·x + b·y + odx, y' = c·x + d·y + ody,
// bicubic, pixels outside the source black.
InflioVipsImage *inflio_vips_affine(InflioVipsImage *image, double a, double b, double c, double d,
                                    double odx, double ody, int width, int height);
InflioVipsImage *inflio_vips_resize_xy(InflioVipsImage *image, double hscale, double vscale);
// Enlargement to exactly width × height with bilinear interpolation, pixel centres aligned (for
// smooth pictures made on a coarse grid, where a wider kernel buys nothing). 8-bit stays 8-bit,
// any other format becomes float.
InflioVipsImage *inflio_vips_enlarge_bilinear(InflioVipsImage *image, int width, int height);
// Places the image at (x, y) on a width × height canvas, repeating its edge pixels outwards.
InflioVipsImage *inflio_vips_embed_copy(InflioVipsImage *image, int x, int y, int width, int height);
// Box-filter reduction by (possibly fractional) factors: each output pixel averages its block.
InflioVipsImage *inflio_vips_shrink(InflioVipsImage *image, double hshrink, double vshrink);
// Per-band value × multiply[i] + add[i] (count 1 or the number of bands).
InflioVipsImage *inflio_vips_linear_bands(InflioVipsImage *image, const double *multiply, const double *add,
                                          int count, int uchar_output);
// Band recombination by a rows × columns matrix (row-major); the output has `rows` bands, float.
InflioVipsImage *inflio_vips_recomb(InflioVipsImage *image, const double *matrix, int rows, int columns);
InflioVipsImage *inflio_vips_add(InflioVipsImage *left, InflioVipsImage *right);
InflioVipsImage *inflio_vips_multiply(InflioVipsImage *left, InflioVipsImage *right);
InflioVipsImage *inflio_vips_divide(InflioVipsImage *left, InflioVipsImage *right);
// Per pixel: condition ? then : otherwise; with blend, an 8-bit condition mixes them (255 = then).
InflioVipsImage *inflio_vips_ifthenelse(InflioVipsImage *condition, InflioVipsImage *then_image,
                                        InflioVipsImage *otherwise, int blend);
InflioVipsImage *inflio_vips_cast_float(InflioVipsImage *image);
// Computes the image now and keeps its pixels in memory.
InflioVipsImage *inflio_vips_copy_memory(InflioVipsImage *image);

// Output. Buffers are released with inflio_vips_free.
void *inflio_vips_pixels(InflioVipsImage *image, size_t *length);
void *inflio_vips_jpeg(InflioVipsImage *image, int quality, int strip_metadata, size_t *length);
// zlib `compression` 0–9 (libvips' default is 6).
void *inflio_vips_png(InflioVipsImage *image, int strip_metadata, int compression, size_t *length);
/// HEIC (HEVC), as phones write it.
void *inflio_vips_heic(InflioVipsImage *image, int quality, int strip_metadata, size_t *length);
/// WebP, lossy at `quality`.
void *inflio_vips_webp(InflioVipsImage *image, int quality, int strip_metadata, size_t *length);
void inflio_vips_free(void *buffer);

// Designs (the content studio's layout renderer).
/// Pango `markup` set in `font` ("DejaVu Sans Bold 40") wrapped at `width` pixels, as a one-band
/// 8-bit coverage mask. With `height` > 0 the size is chosen to fill width × height (the chosen
/// dpi in `fitted_dpi`). `align`: 0 left, 1 centre, 2 right (VipsAlign); `spacing` in points.
InflioVipsImage *inflio_vips_text(const char *markup, const char *font, int width, int height, int align, int spacing,
                                  int *fitted_dpi);
/// A width × height sRGB canvas of one colour.
InflioVipsImage *inflio_vips_solid(int width, int height, double red, double green, double blue);

#endif
