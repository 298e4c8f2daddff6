// A small C face over ONNX Runtime's C API, callable from Swift: load the library at run time,
// open a model, run one float tensor through it. The library is dlopen'ed, not linked, so inflio
// starts (and dlib works) when it is absent; callers then report the second model as unavailable.
// No model knowledge lives here: Sources/Faces names the inputs, shapes and outputs.
// The ONNX Runtime declarations this relies on, and where they come from: ort_api_prefix.h.
#ifndef INFLIO_ONNXRUNTIME_H
#define INFLIO_ONNXRUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// The C API version requested from the library: the one of the pinned onnxruntime (1.32.0).
// A library older than that refuses it, and loading fails with a message instead of a crash.
#define INFLIO_ORT_API_VERSION 32

typedef struct InflioOrtSession InflioOrtSession;

// Opens the library at library_path (e.g. .../libonnxruntime.so.1) and makes the process's one
// ONNX Runtime environment. Once it has succeeded, later calls return 0 whatever the path.
// Returns 0, or -1 with a message in error.
int inflio_ort_load(const char *library_path, char *error, size_t error_size);

// The loaded library's version ("1.32.0"), or NULL before a successful inflio_ort_load.
const char *inflio_ort_version(void);

// Opens a model file with intra_op_threads threads per run (1: callers parallelise themselves).
// One session serves any number of threads at once: ONNX Runtime's Run is thread-safe.
// Returns NULL with a message in error.
InflioOrtSession *inflio_ort_session_new(const char *model_path, int intra_op_threads, char *error,
                                         size_t error_size);
void inflio_ort_session_free(InflioOrtSession *session);

// Runs one float32 input tensor of the given shape through the model and copies the named
// float32 output, which must hold exactly output_count values. Returns 0, or -1 with error.
int inflio_ort_run(InflioOrtSession *session, const char *input_name, const float *input, const int64_t *shape,
                   size_t rank, const char *output_name, float *output, size_t output_count, char *error,
                   size_t error_size);

#ifdef __cplusplus
}
#endif

#endif
