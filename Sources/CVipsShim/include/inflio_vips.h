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
int inflio_vips_has_alpha(InflioVipsImage *image);
int inflio_vips_orientation(InflioVipsImage *image);

// Loading. `loader_options` is a libvips option string such as "fail_on=truncated".
InflioVipsImage *inflio_vips_load_header(const void *bytes, size_t length, const char *loader_options);
InflioVipsImage *inflio_vips_thumbnail(const void *bytes, size_t length, int width, int height,
                                       int only_shrink, const char *loader_options);
InflioVipsImage *inflio_vips_from_pixels(const void *pixels, size_t length, int width, int height, int bands);

// Pixel operations.
InflioVipsImage *inflio_vips_flatten(InflioVipsImage *image, double red, double green, double blue);
InflioVipsImage *inflio_vips_to_srgb(InflioVipsImage *image);
InflioVipsImage *inflio_vips_cast_uchar(InflioVipsImage *image);
InflioVipsImage *inflio_vips_extract_bands(InflioVipsImage *image, int first, int count);
InflioVipsImage *inflio_vips_resize(InflioVipsImage *image, double scale);
InflioVipsImage *inflio_vips_gaussblur(InflioVipsImage *image, double sigma);
InflioVipsImage *inflio_vips_linear(InflioVipsImage *image, double multiply, double add);
InflioVipsImage *inflio_vips_embed(InflioVipsImage *image, int x, int y, int width, int height,
                                   double red, double green, double blue);
InflioVipsImage *inflio_vips_crop(InflioVipsImage *image, int left, int top, int width, int height);
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
// Enlargement with bilinear interpolation (for smooth pictures, where a wider kernel buys nothing).
InflioVipsImage *inflio_vips_resize_linear(InflioVipsImage *image, double hscale, double vscale);
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
InflioVipsImage *inflio_vips_sharpen(InflioVipsImage *image, double sigma, double m2);
// Computes the image now and keeps its pixels in memory.
InflioVipsImage *inflio_vips_copy_memory(InflioVipsImage *image);

// Output. Buffers are released with inflio_vips_free.
void *inflio_vips_pixels(InflioVipsImage *image, size_t *length);
void *inflio_vips_jpeg(InflioVipsImage *image, int quality, int strip_metadata, size_t *length);
void *inflio_vips_png(InflioVipsImage *image, size_t *length);
void inflio_vips_free(void *buffer);

#endif
