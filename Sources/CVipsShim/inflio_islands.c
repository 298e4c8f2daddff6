#include "inflio_islands.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

// Colours are binned in CIELAB by 5 units: L 0–100 in 21 bins, a and b from −130 in 53 each.
enum { BIN = 5, L_BINS = 21, AB_BINS = 53, AB_OFFSET = 26, BINS = L_BINS * AB_BINS * AB_BINS };
// A background colour counts once this many pixels near the edge have it (give or take a bin);
// a person's colour once this many deep pixels have it (give or take two bins: a piece must be
// clearly unlike all of the person, their hair's highlights included).
enum { BACKGROUND_LEAST = 20, BACKGROUND_SPREAD = 1, PERSON_LEAST = 5, PERSON_SPREAD = 2 };
// Candidate pixels this close (in pixels, either axis) are one piece; the person's pixels this
// close to a piece are what it is compared with; a dropped piece grows by this much.
enum { JOIN = 4, RING = 3, GROW = 3 };
// The blocks the edge distance is measured on, in pixels a side.
enum { BLOCK = 4 };
// Pixel states.
enum { PLAIN = 0, CANDIDATE = 1, PLACED = 2, DROPPED = 3, GROWN = 4 };

typedef struct {
    float l, a, b;
} lab_colour;

static float srgb_linear(float v) {
    v /= 255.0f;
    return v <= 0.04045f ? v / 12.92f : powf((v + 0.055f) / 1.055f, 2.4f);
}

static float lab_f(float t) { return t > 216.0f / 24389.0f ? cbrtf(t) : (24389.0f / 27.0f * t + 16.0f) / 116.0f; }

static int clamp(int v, int low, int high) { return v < low ? low : (v > high ? high : v); }

static int bin_of(lab_colour c) {
    int l = clamp((int)floorf(c.l / BIN), 0, L_BINS - 1);
    int a = clamp((int)floorf(c.a / BIN) + AB_OFFSET, 0, AB_BINS - 1);
    int b = clamp((int)floorf(c.b / BIN) + AB_OFFSET, 0, AB_BINS - 1);
    return (l * AB_BINS + a) * AB_BINS + b;
}

// CIELAB (D65) of each colour cut to 5 bits a channel, taken at its cell's centre (within about
// two units of the exact value, finer than the bins and the contrast that tell a piece), and its
// bin; made once.
static lab_colour lab_table[32768];
static int bin_table[32768];
static pthread_once_t tables_made = PTHREAD_ONCE_INIT;

static void make_tables(void) {
    for (int i = 0; i < 32768; i++) {
        float r = srgb_linear((float)((i >> 10) * 8 + 4)), g = srgb_linear((float)(((i >> 5) & 31) * 8 + 4)),
              b = srgb_linear((float)((i & 31) * 8 + 4));
        float x = lab_f((0.4124564f * r + 0.3575761f * g + 0.1804375f * b) / 0.95047f);
        float y = lab_f(0.2126729f * r + 0.7151522f * g + 0.0721750f * b);
        float z = lab_f((0.0193339f * r + 0.1191920f * g + 0.9503041f * b) / 1.08883f);
        lab_table[i] = (lab_colour){116 * y - 16, 500 * (x - y), 200 * (y - z)};
        bin_table[i] = bin_of(lab_table[i]);
    }
}

static int cell(const unsigned char *p) { return (p[0] >> 3) << 10 | (p[1] >> 3) << 5 | p[2] >> 3; }

// Whether a bin within `spread` bins of `bin` on each axis holds `least` pixels or more; the
// answer is kept in `memo` (0 unknown, 1 no, 2 yes).
static int near_colour(const int *histogram, signed char *memo, int bin, int spread, int least) {
    if (memo[bin]) return memo[bin] == 2;
    int l = bin / (AB_BINS * AB_BINS), a = (bin / AB_BINS) % AB_BINS, b = bin % AB_BINS, found = 0;
    for (int dl = -spread; dl <= spread && !found; dl++)
        for (int da = -spread; da <= spread && !found; da++)
            for (int db = -spread; db <= spread && !found; db++) {
                int nl = l + dl, na = a + da, nb = b + db;
                if (nl < 0 || na < 0 || nb < 0 || nl >= L_BINS || na >= AB_BINS || nb >= AB_BINS) continue;
                found = histogram[(nl * AB_BINS + na) * AB_BINS + nb] >= least;
            }
    memo[bin] = found ? 2 : 1;
    return found;
}

// The two-pass 3-4 chamfer transform, in place: the cells of the w × h grid `d` set to 0 are the
// seeds, the others start at a large value and become their distance to the nearest seed, in
// thirds of a cell (within 8 % of the Euclidean one).
static void chamfer(int *d, int w, int h) {
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int i = y * w + x, v = d[i];
            if (x > 0 && d[i - 1] + 3 < v) v = d[i - 1] + 3;
            if (y > 0) {
                if (d[i - w] + 3 < v) v = d[i - w] + 3;
                if (x > 0 && d[i - w - 1] + 4 < v) v = d[i - w - 1] + 4;
                if (x < w - 1 && d[i - w + 1] + 4 < v) v = d[i - w + 1] + 4;
            }
            d[i] = v;
        }
    for (int y = h - 1; y >= 0; y--)
        for (int x = w - 1; x >= 0; x--) {
            int i = y * w + x, v = d[i];
            if (x < w - 1 && d[i + 1] + 3 < v) v = d[i + 1] + 3;
            if (y < h - 1) {
                if (d[i + w] + 3 < v) v = d[i + w] + 3;
                if (x < w - 1 && d[i + w + 1] + 4 < v) v = d[i + w + 1] + 4;
                if (x > 0 && d[i + w - 1] + 4 < v) v = d[i + w - 1] + 4;
            }
            d[i] = v;
        }
}

// The distance (in pixels, by the two-pass 3-4 chamfer transform) from each BLOCK × BLOCK block
// to the matte's edge: the nearest block with a 4-neighbour on the other side of opacity 0.5 (the
// block's mean). Inside the matte that is how deep a block lies; outside, how far away. Blocks are
// fine enough for the band and the reach (tens of pixels), at a sixteenth of the cost.
static void edge_distance(const float *alpha, int width, int height, int *d, unsigned char *in) {
    int bw = (width + BLOCK - 1) / BLOCK, bh = (height + BLOCK - 1) / BLOCK;
    for (int by = 0; by < bh; by++)
        for (int bx = 0; bx < bw; bx++) {
            float sum = 0;
            int count = 0;
            for (int y = by * BLOCK; y < (by + 1) * BLOCK && y < height; y++)
                for (int x = bx * BLOCK; x < (bx + 1) * BLOCK && x < width; x++, count++)
                    sum += alpha[(size_t)y * width + x];
            in[by * bw + bx] = sum > 0.5f * (float)count;
        }
    const int far = 1 << 28;
    for (int y = 0; y < bh; y++)
        for (int x = 0; x < bw; x++) {
            int i = y * bw + x, edge = 0;
            if (x > 0) edge |= in[i - 1] != in[i];
            if (x < bw - 1) edge |= in[i + 1] != in[i];
            if (y > 0) edge |= in[i - bw] != in[i];
            if (y < bh - 1) edge |= in[i + bw] != in[i];
            d[i] = edge ? 0 : far;
        }
    chamfer(d, bw, bh);
    // From thirds of a block to pixels.
    for (int i = 0; i < bw * bh; i++) d[i] = d[i] * BLOCK / 3;
}

// How thick the piece `pixels[0..<count]` is: the largest distance (in thirds of a pixel, 3-4
// chamfer) from one of its pixels to the nearest pixel not in it, the canvas's outside included.
// Returns -1 when memory ran out.
static int thickness(const int *pixels, int count, int width) {
    int left = pixels[0] % width, right = left, top = pixels[0] / width, bottom = top;
    for (int k = 1; k < count; k++) {
        int x = pixels[k] % width, y = pixels[k] / width;
        left = x < left ? x : left, right = x > right ? x : right;
        top = y < top ? y : top, bottom = y > bottom ? y : bottom;
    }
    // The box with a one-pixel margin, which is not in the piece.
    int w = right - left + 3, h = bottom - top + 3;
    int *d = malloc((size_t)w * h * sizeof(int));
    if (!d) return -1;
    for (int i = 0; i < w * h; i++) d[i] = 0;
    for (int k = 0; k < count; k++) d[(pixels[k] / width - top + 1) * w + pixels[k] % width - left + 1] = 1 << 28;
    chamfer(d, w, h);
    int deepest = 0;
    for (int i = 0; i < w * h; i++) deepest = d[i] > deepest ? d[i] : deepest;
    free(d);
    return deepest;
}

// Whether the piece `pixels[0..<count]` is parted from the person by a hard edge: its mean colour
// against the person's pixels (inside the matte, not candidates) within RING pixels of it.
// `stamp` marks the ring's pixels already counted, with `mark`.
static lab_colour mean_colour(const unsigned char *rgb, const int *pixels, int count) {
    lab_colour mean = {0, 0, 0};
    for (int k = 0; k < count; k++) {
        lab_colour c = lab_table[cell(rgb + 3 * (size_t)pixels[k])];
        mean.l += c.l, mean.a += c.a, mean.b += c.b;
    }
    return (lab_colour){mean.l / (float)count, mean.a / (float)count, mean.b / (float)count};
}

static float difference(lab_colour c, lab_colour d) {
    return sqrtf((c.l - d.l) * (c.l - d.l) + (c.a - d.a) * (c.a - d.a) + (c.b - d.b) * (c.b - d.b));
}

static int hard_edged(const unsigned char *rgb, const float *alpha, const unsigned char *state, const int *pixels,
                      int count, int width, int height, int *stamp, int mark, float contrast) {
    lab_colour mean = mean_colour(rgb, pixels, count);
    double sum = 0;
    int around = 0;
    for (int k = 0; k < count; k++) {
        int x0 = pixels[k] % width, y0 = pixels[k] / width;
        for (int y = y0 - RING; y <= y0 + RING; y++) {
            if (y < 0 || y >= height) continue;
            for (int x = x0 - RING; x <= x0 + RING; x++) {
                size_t n = (size_t)y * width + x;
                if (x < 0 || x >= width || stamp[n] == mark || state[n] != PLAIN || alpha[n] <= 0.5f) continue;
                stamp[n] = mark;
                sum += difference(lab_table[cell(rgb + 3 * n)], mean);
                around++;
            }
        }
    }
    // A piece with (nearly) no person around it is not at the person's edge: leave it to the rest.
    return around >= 10 && sum / around > contrast;
}

// Grows the dropped pixels by GROW within what shows (alpha > 0), sets them to 0, and feathers
// the pixels beside them by the share of grown pixels among their 3 × 3 neighbours.
static void cut(float *alpha, unsigned char *state, int width, int height, int left, int top, int right,
                int bottom) {
    left = clamp(left - GROW - 1, 0, width - 1), right = clamp(right + GROW + 1, 0, width - 1);
    top = clamp(top - GROW - 1, 0, height - 1), bottom = clamp(bottom + GROW + 1, 0, height - 1);
    for (int y = top; y <= bottom; y++)
        for (int x = left; x <= right; x++) {
            size_t i = (size_t)y * width + x;
            if (state[i] == DROPPED || alpha[i] <= 0) continue;
            for (int dy = -GROW; dy <= GROW && state[i] != GROWN; dy++)
                for (int dx = -GROW; dx <= GROW; dx++) {
                    int nx = x + dx, ny = y + dy;
                    if (nx >= 0 && ny >= 0 && nx < width && ny < height && state[(size_t)ny * width + nx] == DROPPED) {
                        state[i] = GROWN;
                        break;
                    }
                }
        }
    for (int y = top; y <= bottom; y++)
        for (int x = left; x <= right; x++) {
            size_t i = (size_t)y * width + x;
            if (state[i] == DROPPED || state[i] == GROWN) continue;
            int gone = 0;
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++) {
                    int nx = x + dx, ny = y + dy;
                    if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
                    unsigned char s = state[(size_t)ny * width + nx];
                    gone += s == DROPPED || s == GROWN;
                }
            alpha[i] *= 1 - (float)gone / 9;
        }
    for (int y = top; y <= bottom; y++)
        for (int x = left; x <= right; x++) {
            size_t i = (size_t)y * width + x;
            if (state[i] == DROPPED || state[i] == GROWN) alpha[i] = 0;
        }
}

// Gathers into `queue` the candidates joined (within JOIN pixels) to `start`, marking them PLACED;
// returns how many, and their box in `box` (left, top, right, bottom).
static int gather(unsigned char *state, int start, int width, int height, int *queue, int box[4]) {
    int count = 0;
    queue[count++] = start;
    state[start] = PLACED;
    box[0] = box[2] = start % width, box[1] = box[3] = start / width;
    for (int next = 0; next < count; next++) {
        int x0 = queue[next] % width, y0 = queue[next] / width;
        box[0] = x0 < box[0] ? x0 : box[0], box[2] = x0 > box[2] ? x0 : box[2];
        box[1] = y0 < box[1] ? y0 : box[1], box[3] = y0 > box[3] ? y0 : box[3];
        for (int y = y0 - JOIN; y <= y0 + JOIN; y++)
            for (int x = x0 - JOIN; x <= x0 + JOIN; x++) {
                if (x < 0 || y < 0 || x >= width || y >= height) continue;
                size_t j = (size_t)y * width + x;
                if (state[j] != CANDIDATE) continue;
                state[j] = PLACED;
                queue[count++] = (int)j;
            }
    }
    return count;
}

// The dropped pieces, for their other parts (a letter that strands of hair cut in two): their mean
// colours and boxes.
enum { MOST_DROPPED = 32, SAME_COLOUR = 12 };
typedef struct {
    int count;
    lab_colour colour[MOST_DROPPED];
    int box[MOST_DROPPED][4];
} dropped_pieces;

// Whether a piece (its mean colour and box) has a dropped piece's colour and lies within `reach`
// pixels of it.
static int part_of_dropped(const dropped_pieces *dropped, lab_colour colour, const int box[4], int reach) {
    for (int k = 0; k < dropped->count; k++) {
        const int *d = dropped->box[k];
        int gap_x = box[0] > d[2] ? box[0] - d[2] : (d[0] > box[2] ? d[0] - box[2] : 0);
        int gap_y = box[1] > d[3] ? box[1] - d[3] : (d[1] > box[3] ? d[1] - box[3] : 0);
        if (gap_x <= reach && gap_y <= reach && difference(colour, dropped->colour[k]) < SAME_COLOUR) return 1;
    }
    return 0;
}

int inflio_matte_drop_islands(const unsigned char *rgb, const unsigned char *limit, float *alpha, int width,
                              int height, inflio_island_rules rules) {
    size_t n = (size_t)width * height;
    pthread_once(&tables_made, make_tables);
    int bw = (width + BLOCK - 1) / BLOCK, bh = (height + BLOCK - 1) / BLOCK;
    int *distance = malloc((size_t)bw * bh * sizeof(int));
    unsigned char *block_inside = malloc((size_t)bw * bh);
    int *background = calloc(BINS, sizeof(int)), *person = calloc(BINS, sizeof(int));
    signed char *background_memo = calloc(BINS, 1), *person_memo = calloc(BINS, 1);
    unsigned char *state = calloc(n, 1);
    int *queue = NULL, *stamp = NULL, result = -1;
    if (!distance || !block_inside || !background || !person || !background_memo || !person_memo || !state) goto done;
    edge_distance(alpha, width, height, distance, block_inside);
    // The near background's colours, and the person's own colours deeper than the band.
    for (int y = 0; y < height; y++) {
        const int *row = distance + (size_t)(y / BLOCK) * bw;
        for (int x = 0; x < width; x++) {
            size_t i = (size_t)y * width + x;
            int d = row[x / BLOCK];
            if (alpha[i] < 0.02f && limit[i] && d < rules.reach)
                background[bin_table[cell(rgb + 3 * i)]]++;
            else if (alpha[i] > 0.98f && d > rules.band)
                person[bin_table[cell(rgb + 3 * i)]]++;
        }
    }
    // Candidates: in the band, with a colour of the background and none of the person's.
    int candidates = 0;
    for (size_t i = 0; i < n; i++) {
        if (alpha[i] <= 0.5f || distance[(i / width / BLOCK) * bw + (i % width) / BLOCK] >= rules.band) continue;
        int bin = bin_table[cell(rgb + 3 * i)];
        if (near_colour(background, background_memo, bin, BACKGROUND_SPREAD, BACKGROUND_LEAST)
            && !near_colour(person, person_memo, bin, PERSON_SPREAD, PERSON_LEAST)) {
            state[i] = CANDIDATE;
            candidates++;
        }
    }
    result = 0;
    if (candidates == 0) goto done;
    queue = malloc((size_t)candidates * sizeof(int));
    stamp = calloc(n, sizeof(int));
    if (!queue || !stamp) {
        result = -1;
        goto done;
    }
    dropped_pieces dropped = {0};
    int pieces = 0, left = width, top = height, right = -1, bottom = -1, box[4];
    // Two passes: the first drops the thick pieces; the second, their other parts (smaller or thin
    // pieces of the same colour close by, such as a letter's arm beyond a strand of hair).
    for (int pass = 0; pass < 2 && (pass == 0 || dropped.count > 0); pass++) {
        if (pass == 1)
            for (size_t i = 0; i < n; i++)
                if (state[i] == PLACED) state[i] = CANDIDATE;
        for (size_t start = 0; start < n; start++) {
            if (state[start] != CANDIDATE) continue;
            int count = gather(state, (int)start, width, height, queue, box);
            pieces++;
            if (pass == 0) {
                if (count < rules.least_area) continue;
                int thick = thickness(queue, count, width);
                if (thick < 0) {
                    result = -1;
                    goto done;
                }
                // A sliver along the edge (thinner than `depth` each side of its middle) is the
                // edge's own light or blend, which the foreground estimate deals with; a piece of
                // the background is thicker.
                if (thick < 3 * rules.depth) continue;
            } else if (!part_of_dropped(&dropped, mean_colour(rgb, queue, count), box, rules.band)) {
                continue;
            }
            if (!hard_edged(rgb, alpha, state, queue, count, width, height, stamp, pieces, rules.contrast)) continue;
            if (pass == 0 && dropped.count < MOST_DROPPED) {
                dropped.colour[dropped.count] = mean_colour(rgb, queue, count);
                memcpy(dropped.box[dropped.count++], box, sizeof(box));
            }
            for (int k = 0; k < count; k++) state[queue[k]] = DROPPED;
            left = box[0] < left ? box[0] : left, top = box[1] < top ? box[1] : top;
            right = box[2] > right ? box[2] : right, bottom = box[3] > bottom ? box[3] : bottom;
            result += count;
        }
    }
    if (result > 0) cut(alpha, state, width, height, left, top, right, bottom);
done:
    free(distance), free(block_inside), free(background), free(person), free(background_memo), free(person_memo);
    free(state), free(queue), free(stamp);
    return result;
}
