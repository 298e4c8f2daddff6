#ifndef INFLIO_MALLOC_H
#define INFLIO_MALLOC_H

/// Caps glibc's malloc arenas and fixes its mmap threshold. Returns 1 when both took effect, 0 on
/// a C library without mallopt (nothing is changed there).
int inflio_tune_malloc(int max_arenas, int mmap_threshold_bytes);

/// Between these two, large blocks come from the arenas and stay there when freed, so a render's
/// next buffer of the same size reuses pages already mapped instead of faulting in fresh ones.
/// The thresholds are the process's: while any scope is open, other threads' large blocks (an
/// upload being decoded) come from the arenas too. Scopes may overlap: begin returns whether it
/// was counted (0 when inflio_tune_malloc did not run or took no effect: nothing changes), to be
/// passed to end. Each end returns the arenas' free memory (malloc_trim, then its own arena's top);
/// the last one's brings the tuned thresholds back and returns 1.
int inflio_malloc_reuse_begin(void);
int inflio_malloc_reuse_end(int counted);

/// How many reuse scopes are open now.
int inflio_malloc_reuse_depth(void);

/// 1 when malloc mapped this block on its own (above the mmap threshold), 0 when it came from an
/// arena, -1 without glibc. For tests.
int inflio_malloc_is_mapped(void *block);

#endif
