#ifndef INFLIO_MALLOC_H
#define INFLIO_MALLOC_H

/// Caps glibc's malloc arenas and fixes its mmap threshold. Returns 1 when both took effect, 0 on
/// a C library without mallopt (nothing is changed there).
int inflio_tune_malloc(int max_arenas, int mmap_threshold_bytes);

#endif
