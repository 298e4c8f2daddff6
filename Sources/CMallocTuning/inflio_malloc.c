// Swift's Glibc module does not export mallopt, hence this one-function shim.
#include "inflio_malloc.h"
#include <stdlib.h>  // defines __GLIBC__ on glibc systems

#if defined(__GLIBC__)
#include <malloc.h>

int inflio_tune_malloc(int max_arenas, int mmap_threshold_bytes) {
    int arenas = mallopt(M_ARENA_MAX, max_arenas);
    // A fixed threshold also turns off glibc's sliding one, which after the first freed image
    // buffer rises to 32 MB and then serves every decoded photo from arenas that never shrink.
    int threshold = mallopt(M_MMAP_THRESHOLD, mmap_threshold_bytes);
    return arenas == 1 && threshold == 1;
}
#else
int inflio_tune_malloc(int max_arenas, int mmap_threshold_bytes) {
    (void)max_arenas; (void)mmap_threshold_bytes;
    return 0;
}
#endif
