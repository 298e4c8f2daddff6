// Pieces of the old background a matte kept at the person's edge (a sign's letter touching the
// hair), found by colour and by the hard edge that parts them from the person, and taken out.
#ifndef INFLIO_ISLANDS_H
#define INFLIO_ISLANDS_H

#ifdef __cplusplus
extern "C" {
#endif

// How the pieces are told from the person's own soft edge (all lengths in pixels).
typedef struct {
    // How deep inside the matte's edge a piece may lie; the person's own colours are read deeper.
    int band;
    // How far the middle of a piece must lie from its own sides, at least: a thinner sliver along
    // the edge is the edge's own light or blend (the foreground estimate deals with it).
    int depth;
    // How far outside the matte's edge the background's colours are read.
    int reach;
    // The least size of a piece, in pixels (a smaller one is noise, or a blend the eye won't see).
    int least_area;
    // The least mean CIE76 difference between a piece's mean colour and the person's pixels
    // around it: a hard edge. A soft edge that fades into the background stays.
    float contrast;
} inflio_island_rules;

// Takes out of `alpha` (width × height values in 0–1, changed in place) the pieces inside its edge
// whose colours are the nearby background's and none of the person's, thick, and parted from the
// person by a hard edge, then the pieces of such a piece's colour within `band` of it (a
// letter's arm beyond a strand of hair): each such piece, grown by 3 pixels within the matte, goes
// to 0 with a one-pixel feather. rgb is width × height × 3 bytes; where `limit` is 0 (beyond
// the photo) nothing is read as background. Returns the number of pixels dropped (before
// growing), or -1 when memory ran out.
int inflio_matte_drop_islands(const unsigned char *rgb, const unsigned char *limit, float *alpha, int width,
                              int height, inflio_island_rules rules);

#ifdef __cplusplus
}
#endif

#endif
