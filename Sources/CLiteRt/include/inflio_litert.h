// A small C face over LiteRT's C API (libLiteRt.so), callable from Swift: load the library at run
// time, open a model with one float32 input and one float32 output, run it. The library is
// dlopen'ed, not linked, so inflio starts when it is absent; callers then report the model as
// missing. No model knowledge lives here: Sources/Faces/PersonSegmenter.swift knows the model.
// The LiteRT declarations this relies on, and where they come from: litert_api.h.
#ifndef INFLIO_LITERT_H
#define INFLIO_LITERT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct InflioLiteRtModel InflioLiteRtModel;

// Opens the library at library_path and makes the process's one LiteRT environment. Once it has
// succeeded, later calls return 0 whatever the path. Returns 0, or -1 with a message in error.
int inflio_litert_load(const char *library_path, char *error, size_t error_size);

// Opens and compiles (for the CPU) a model whose first signature has one float32 input and one
// float32 output, and makes their buffers. One model runs one inference at a time: callers keep
// one per thread. Returns NULL with a message in error.
InflioLiteRtModel *inflio_litert_model_new(const char *model_path, char *error, size_t error_size);
void inflio_litert_model_free(InflioLiteRtModel *model);

// The input's and the output's dimensions (e.g. 1, 256, 256, 3): up to 8 each; returns the rank.
int inflio_litert_input_shape(const InflioLiteRtModel *model, int dimensions[8]);
int inflio_litert_output_shape(const InflioLiteRtModel *model, int dimensions[8]);

// Runs the model on input_count floats and copies output_count floats out; both counts must be the
// tensors' exact sizes. Returns 0, or -1 with a message in error.
int inflio_litert_run(InflioLiteRtModel *model, const float *input, size_t input_count, float *output,
                      size_t output_count, char *error, size_t error_size);

#ifdef __cplusplus
}
#endif

#endif
