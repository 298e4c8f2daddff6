#include "inflio_litert.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "litert_api.h"

// Every LiteRT function used, looked up once by name. __typeof__ takes each one's type from the
// declaration in litert_api.h without referencing the symbol, so nothing is linked.
#define LITERT_FUNCTIONS(X)                               \
    X(LiteRtCreateEnvironment)                            \
    X(LiteRtCreateModelFromFile)                          \
    X(LiteRtDestroyModel)                                 \
    X(LiteRtGetModelSignature)                            \
    X(LiteRtGetNumSignatureInputs)                        \
    X(LiteRtGetNumSignatureOutputs)                       \
    X(LiteRtGetSignatureInputTensorByIndex)               \
    X(LiteRtGetSignatureOutputTensorByIndex)              \
    X(LiteRtGetRankedTensorType)                          \
    X(LiteRtCreateOptions)                                \
    X(LiteRtDestroyOptions)                               \
    X(LiteRtSetOptionsHardwareAccelerators)               \
    X(LiteRtCreateCompiledModel)                          \
    X(LiteRtDestroyCompiledModel)                         \
    X(LiteRtGetCompiledModelInputBufferRequirements)      \
    X(LiteRtGetCompiledModelOutputBufferRequirements)     \
    X(LiteRtRunCompiledModel)                             \
    X(LiteRtCreateManagedTensorBufferFromRequirements)    \
    X(LiteRtGetTensorBufferPackedSize)                    \
    X(LiteRtLockTensorBuffer)                             \
    X(LiteRtUnlockTensorBuffer)                           \
    X(LiteRtDestroyTensorBuffer)

#define DECLARE(name) static __typeof__(name) *fn_##name;
LITERT_FUNCTIONS(DECLARE)

static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;
static LiteRtEnvironment environment;  // set once, under load_lock, and never changed after

struct InflioLiteRtModel {
    LiteRtModel model;
    LiteRtOptions options;
    LiteRtCompiledModel compiled;
    LiteRtTensorBuffer input;
    LiteRtTensorBuffer output;
    LiteRtRankedTensorType input_type;
    LiteRtRankedTensorType output_type;
    size_t input_count;
    size_t output_count;
};

static void say(char *error, size_t error_size, const char *format, ...) {
    if (!error || error_size == 0) return;
    va_list args;
    va_start(args, format);
    vsnprintf(error, error_size, format, args);
    va_end(args);
}

// Returns 1 (and says which call) when a LiteRT call did not succeed.
static int failed(LiteRtStatus status, const char *what, char *error, size_t error_size) {
    if (status == kLiteRtStatusOk) return 0;
    say(error, error_size, "%s failed with LiteRT status %d", what, (int)status);
    return 1;
}

#define CALL(name, ...) failed(fn_##name(__VA_ARGS__), #name, error, error_size)

int inflio_litert_load(const char *library_path, char *error, size_t error_size) {
    pthread_mutex_lock(&load_lock);
    int result = -1;
    if (environment) {
        result = 0;
        goto done;
    }
    // RTLD_LOCAL: its symbols (it carries its own TensorFlow Lite and XNNPACK) stay out of the
    // global namespace, where dlib's BLAS and ONNX Runtime live.
    void *library = dlopen(library_path, RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        say(error, error_size, "cannot open %s: %s", library_path, dlerror());
        goto done;
    }
#define LOOK_UP(name)                                                                    \
    fn_##name = (__typeof__(name) *)dlsym(library, #name);                               \
    if (!fn_##name) {                                                                    \
        say(error, error_size, "%s has no %s: not LiteRT 2.3", library_path, #name);     \
        goto done;                                                                       \
    }
    LITERT_FUNCTIONS(LOOK_UP)
#undef LOOK_UP
    LiteRtEnvironment made = NULL;
    if (CALL(LiteRtCreateEnvironment, 0, NULL, &made)) goto done;
    environment = made;  // the library stays loaded for the life of the process, as does the environment
    result = 0;
done:
    pthread_mutex_unlock(&load_lock);
    return result;
}

static size_t element_count(const LiteRtRankedTensorType *type) {
    size_t count = 1;
    for (unsigned i = 0; i < type->layout.rank; ++i) count *= (size_t)type->layout.dimensions[i];
    return count;
}

// Reads one side's tensor type and makes its buffer; the type must be float32.
static int make_buffer(InflioLiteRtModel *m, LiteRtSignature signature, int is_input, char *error,
                       size_t error_size) {
    LiteRtTensor tensor = NULL;
    LiteRtTensorBufferRequirements requirements = NULL;  // owned by the compiled model
    LiteRtRankedTensorType *type = is_input ? &m->input_type : &m->output_type;
    LiteRtTensorBuffer *buffer = is_input ? &m->input : &m->output;
    if (is_input ? CALL(LiteRtGetSignatureInputTensorByIndex, signature, 0, &tensor)
                 : CALL(LiteRtGetSignatureOutputTensorByIndex, signature, 0, &tensor))
        return -1;
    if (CALL(LiteRtGetRankedTensorType, tensor, type)) return -1;
    if (type->element_type != kLiteRtElementTypeFloat32 || type->layout.rank > LITERT_TENSOR_MAX_RANK) {
        say(error, error_size, "the model's %s is not a float32 tensor (type %d, rank %u)",
            is_input ? "input" : "output", (int)type->element_type, type->layout.rank);
        return -1;
    }
    if (is_input ? CALL(LiteRtGetCompiledModelInputBufferRequirements, m->compiled, 0, 0, &requirements)
                 : CALL(LiteRtGetCompiledModelOutputBufferRequirements, m->compiled, 0, 0, &requirements))
        return -1;
    if (CALL(LiteRtCreateManagedTensorBufferFromRequirements, environment, type, requirements, buffer)) return -1;
    size_t packed = 0;
    if (CALL(LiteRtGetTensorBufferPackedSize, *buffer, &packed)) return -1;
    size_t count = element_count(type);
    // A size that disagrees with the shape means the hand-written types in litert_api.h are wrong.
    if (packed != count * sizeof(float)) {
        say(error, error_size, "the %s buffer holds %zu bytes, not the %zu its shape needs",
            is_input ? "input" : "output", packed, count * sizeof(float));
        return -1;
    }
    if (is_input) m->input_count = count;
    else m->output_count = count;
    return 0;
}

InflioLiteRtModel *inflio_litert_model_new(const char *model_path, char *error, size_t error_size) {
    pthread_mutex_lock(&load_lock);
    int loaded = environment != NULL;
    pthread_mutex_unlock(&load_lock);
    if (!loaded) {
        say(error, error_size, "LiteRT is not loaded");
        return NULL;
    }
    InflioLiteRtModel *m = calloc(1, sizeof *m);
    if (!m) {
        say(error, error_size, "out of memory");
        return NULL;
    }
    LiteRtSignature signature = NULL;
    LiteRtParamIndex inputs = 0, outputs = 0;
    if (CALL(LiteRtCreateModelFromFile, environment, model_path, &m->model) ||
        CALL(LiteRtGetModelSignature, m->model, 0, &signature) ||
        CALL(LiteRtGetNumSignatureInputs, signature, &inputs) ||
        CALL(LiteRtGetNumSignatureOutputs, signature, &outputs))
        goto fail;
    if (inputs != 1 || outputs != 1) {
        say(error, error_size, "the model has %zu inputs and %zu outputs, not one of each", inputs, outputs);
        goto fail;
    }
    if (CALL(LiteRtCreateOptions, &m->options) ||
        CALL(LiteRtSetOptionsHardwareAccelerators, m->options, kLiteRtHwAcceleratorCpu) ||
        CALL(LiteRtCreateCompiledModel, environment, m->model, m->options, &m->compiled))
        goto fail;
    if (make_buffer(m, signature, 1, error, error_size) || make_buffer(m, signature, 0, error, error_size)) goto fail;
    return m;
fail:
    inflio_litert_model_free(m);
    return NULL;
}

void inflio_litert_model_free(InflioLiteRtModel *m) {
    if (!m) return;
    // In this order: buffers, the compiled model (it owns the requirements), its options, the model.
    if (m->input) fn_LiteRtDestroyTensorBuffer(m->input);
    if (m->output) fn_LiteRtDestroyTensorBuffer(m->output);
    if (m->compiled) fn_LiteRtDestroyCompiledModel(m->compiled);
    if (m->options) fn_LiteRtDestroyOptions(m->options);
    if (m->model) fn_LiteRtDestroyModel(m->model);
    free(m);
}

static int shape_of(const LiteRtRankedTensorType *type, int dimensions[8]) {
    for (unsigned i = 0; i < type->layout.rank; ++i) dimensions[i] = type->layout.dimensions[i];
    return (int)type->layout.rank;
}

int inflio_litert_input_shape(const InflioLiteRtModel *m, int dimensions[8]) {
    return shape_of(&m->input_type, dimensions);
}

int inflio_litert_output_shape(const InflioLiteRtModel *m, int dimensions[8]) {
    return shape_of(&m->output_type, dimensions);
}

int inflio_litert_run(InflioLiteRtModel *m, const float *input, size_t input_count, float *output,
                      size_t output_count, char *error, size_t error_size) {
    if (input_count != m->input_count || output_count != m->output_count) {
        say(error, error_size, "the model takes %zu values and gives %zu, not %zu and %zu", m->input_count,
            m->output_count, input_count, output_count);
        return -1;
    }
    void *memory = NULL;
    if (CALL(LiteRtLockTensorBuffer, m->input, &memory, kLiteRtTensorBufferLockModeWrite)) return -1;
    memcpy(memory, input, input_count * sizeof(float));
    if (CALL(LiteRtUnlockTensorBuffer, m->input)) return -1;
    if (CALL(LiteRtRunCompiledModel, m->compiled, 0, 1, &m->input, 1, &m->output)) return -1;
    if (CALL(LiteRtLockTensorBuffer, m->output, &memory, kLiteRtTensorBufferLockModeRead)) return -1;
    memcpy(output, memory, output_count * sizeof(float));
    return CALL(LiteRtUnlockTensorBuffer, m->output) ? -1 : 0;
}
