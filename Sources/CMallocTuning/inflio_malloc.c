// Swift's Glibc module does not export mallopt or malloc_trim, hence this shim.
#include "inflio_malloc.h"
#include <stdlib.h>  // defines __GLIBC__ on glibc systems

#if defined(__GLIBC__)
#include <malloc.h>
#include <pthread.h>

// glibc's trim threshold when nobody set one (DEFAULT_TRIM_THRESHOLD). Restored as such: a
// GLIBC_TUNABLES trim threshold is meant for INFLIO_MALLOC_DEFAULTS=1, where none of this runs.
static const int default_trim_threshold = 128 * 1024;
// A render's largest buffers (a 1280×1280 picture of RGB floats is 19.7 MB) stay under this.
static const int reuse_mmap_threshold = 32 * 1024 * 1024;
static const int reuse_trim_threshold = 32 * 1024 * 1024;

static pthread_mutex_t reuse_lock = PTHREAD_MUTEX_INITIALIZER;
static int tuned_mmap_threshold = 0;  // 0: the tuning is off, glibc's own settings stand
static int reusing = 0;               // counted reuse scopes open now

int inflio_tune_malloc(int max_arenas, int mmap_threshold_bytes) {
    pthread_mutex_lock(&reuse_lock);
    int arenas = mallopt(M_ARENA_MAX, max_arenas);
    // A fixed threshold also turns off glibc's sliding one, which after the first freed image
    // buffer rises to 32 MB and then serves every decoded photo from arenas that never shrink.
    // While scopes are open their thresholds stand; the last one's end applies this.
    int threshold = reusing > 0 ? 1 : mallopt(M_MMAP_THRESHOLD, mmap_threshold_bytes);
    tuned_mmap_threshold = threshold == 1 ? mmap_threshold_bytes : 0;
    pthread_mutex_unlock(&reuse_lock);
    return arenas == 1 && threshold == 1;
}

int inflio_malloc_reuse_begin(void) {
    pthread_mutex_lock(&reuse_lock);
    int counted = tuned_mmap_threshold > 0;
    if (counted && reusing++ == 0) {
        mallopt(M_MMAP_THRESHOLD, reuse_mmap_threshold);
        mallopt(M_TRIM_THRESHOLD, reuse_trim_threshold);
    }
    pthread_mutex_unlock(&reuse_lock);
    return counted;
}

int inflio_malloc_reuse_end(int counted) {
    if (!counted) return 0;
    pthread_mutex_lock(&reuse_lock);
    int last = --reusing == 0;
    if (last) mallopt(M_MMAP_THRESHOLD, tuned_mmap_threshold);
    // The free blocks inside every arena go back (malloc_trim, which shortens only the main
    // arena's top). Another arena's top is cut in free(), by the trim threshold, when a chunk of
    // 64 KB or more (after merging with its free neighbours) is freed: with the default threshold
    // for a moment, freeing one here cuts this thread's arena, the render's, even while other
    // renders go on (their frees meanwhile may be cut too: a few faults, no harm).
    mallopt(M_TRIM_THRESHOLD, default_trim_threshold);
    malloc_trim(0);
    void *volatile nudge = malloc(128 * 1024);
    free(nudge);
    if (!last) mallopt(M_TRIM_THRESHOLD, reuse_trim_threshold);
    pthread_mutex_unlock(&reuse_lock);
    return last;
}

int inflio_malloc_reuse_depth(void) {
    pthread_mutex_lock(&reuse_lock);
    int depth = reusing;
    pthread_mutex_unlock(&reuse_lock);
    return depth;
}

int inflio_malloc_is_mapped(void *block) {
    // glibc keeps each chunk's size in the word before the block, its IS_MMAPPED flag in bit 1
    // (malloc/malloc.c, since ptmalloc2). For tests: which way a block was served.
    return block != NULL && (((size_t *)block)[-1] & 0x2) != 0;
}
#else
int inflio_tune_malloc(int max_arenas, int mmap_threshold_bytes) {
    (void)max_arenas; (void)mmap_threshold_bytes;
    return 0;
}
int inflio_malloc_reuse_begin(void) { return 0; }
int inflio_malloc_reuse_end(int counted) { (void)counted; return 0; }
int inflio_malloc_reuse_depth(void) { return 0; }
int inflio_malloc_is_mapped(void *block) { (void)block; return -1; }
#endif
