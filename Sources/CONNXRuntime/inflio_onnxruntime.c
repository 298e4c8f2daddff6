#include "inflio_onnxruntime.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ort_api_prefix.h"

// A shifted slot would call the wrong function; make the compiler count them.
#define SLOT(name, index) \
    _Static_assert(offsetof(struct OrtApi, name) == (index) * sizeof(void *), #name " must be slot " #index)
SLOT(CreateStatus, 0);
SLOT(GetErrorCode, 1);
SLOT(GetErrorMessage, 2);
SLOT(CreateEnv, 3);
SLOT(CreateSession, 7);
SLOT(Run, 9);
SLOT(CreateSessionOptions, 10);
SLOT(SetSessionLogSeverityLevel, 22);
SLOT(SetInterOpNumThreads, 25);
SLOT(SessionGetInputCount, 30);
SLOT(CreateTensorWithDataAsOrtValue, 49);
SLOT(GetTensorMutableData, 51);
SLOT(GetTensorElementType, 60);
SLOT(GetTensorShapeElementCount, 64);
SLOT(GetTensorTypeAndShape, 65);
SLOT(CreateCpuMemoryInfo, 69);
SLOT(ReleaseEnv, 92);
SLOT(ReleaseStatus, 93);
SLOT(ReleaseMemoryInfo, 94);
SLOT(ReleaseSession, 95);
SLOT(ReleaseValue, 96);
SLOT(ReleaseTensorTypeAndShapeInfo, 99);
SLOT(ReleaseSessionOptions, 100);

struct InflioOrtSession {
    OrtSession *session;
    OrtMemoryInfo *cpu;
};

static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;
static const OrtApi *api;  // set once, under load_lock, and never changed after
static const OrtApiBase *base;
static OrtEnv *env;

static void say(char *error, size_t error_size, const char *format, ...) {
    if (!error || error_size == 0) return;
    va_list args;
    va_start(args, format);
    vsnprintf(error, error_size, format, args);
    va_end(args);
}

// Turns a failed call's status into the message, and frees it. Returns 1 when it failed.
static int failed(OrtStatus *status, const char *what, char *error, size_t error_size) {
    if (!status) return 0;
    say(error, error_size, "%s: %s", what, api->GetErrorMessage(status));
    api->ReleaseStatus(status);
    return 1;
}

// The table is right if a status round-trips through slots 0, 1, 2 and 93.
static int table_answers(const OrtApi *candidate) {
    OrtStatus *status = candidate->CreateStatus(ORT_INVALID_ARGUMENT, "inflio-probe");
    if (!status) return 0;
    const char *message = candidate->GetErrorMessage(status);
    int ok = candidate->GetErrorCode(status) == ORT_INVALID_ARGUMENT && message && strcmp(message, "inflio-probe") == 0;
    candidate->ReleaseStatus(status);
    return ok;
}

int inflio_ort_load(const char *library_path, char *error, size_t error_size) {
    pthread_mutex_lock(&load_lock);
    int result = -1;
    if (api) {
        result = 0;
        goto done;
    }
    // RTLD_LOCAL: its symbols stay out of the global namespace, where dlib's BLAS lives.
    void *library = dlopen(library_path, RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        say(error, error_size, "cannot open %s: %s", library_path, dlerror());
        goto done;
    }
    OrtGetApiBaseFunction get_base = (OrtGetApiBaseFunction)dlsym(library, "OrtGetApiBase");
    const OrtApiBase *found = get_base ? get_base() : NULL;
    if (!found) {
        say(error, error_size, "%s has no OrtGetApiBase: not ONNX Runtime", library_path);
        goto done;
    }
    const OrtApi *candidate = found->GetApi(INFLIO_ORT_API_VERSION);
    if (!candidate) {
        say(error, error_size, "ONNX Runtime %s does not offer C API version %d (1.%d or later is needed)",
            found->GetVersionString(), INFLIO_ORT_API_VERSION, INFLIO_ORT_API_VERSION);
        goto done;
    }
    if (!table_answers(candidate)) {
        say(error, error_size, "ONNX Runtime %s: its C API table does not match ort_api_prefix.h",
            found->GetVersionString());
        goto done;
    }
    api = candidate;
    OrtEnv *made = NULL;
    if (failed(api->CreateEnv(ORT_LOGGING_LEVEL_ERROR, "inflio", &made), "CreateEnv", error, error_size)) {
        api = NULL;
        goto done;
    }
    base = found;
    env = made;
    result = 0;  // the library stays loaded for the life of the process, as does the environment
done:
    pthread_mutex_unlock(&load_lock);
    return result;
}

const char *inflio_ort_version(void) {
    pthread_mutex_lock(&load_lock);
    const char *version = base ? base->GetVersionString() : NULL;
    pthread_mutex_unlock(&load_lock);
    return version;
}

InflioOrtSession *inflio_ort_session_new(const char *model_path, int intra_op_threads, char *error,
                                         size_t error_size) {
    if (!inflio_ort_version()) {
        say(error, error_size, "ONNX Runtime is not loaded");
        return NULL;
    }
    InflioOrtSession *made = calloc(1, sizeof *made);
    OrtSessionOptions *options = NULL;
    if (!made || failed(api->CreateSessionOptions(&options), "CreateSessionOptions", error, error_size)) goto fail;
    if (failed(api->SetIntraOpNumThreads(options, intra_op_threads), "SetIntraOpNumThreads", error, error_size) ||
        failed(api->SetInterOpNumThreads(options, 1), "SetInterOpNumThreads", error, error_size) ||
        failed(api->SetSessionLogSeverityLevel(options, ORT_LOGGING_LEVEL_ERROR), "SetSessionLogSeverityLevel",
               error, error_size) ||
        failed(api->SetSessionGraphOptimizationLevel(options, ORT_ENABLE_ALL), "SetSessionGraphOptimizationLevel",
               error, error_size) ||
        failed(api->CreateSession(env, model_path, options, &made->session), "CreateSession", error, error_size) ||
        failed(api->CreateCpuMemoryInfo(OrtArenaAllocator, OrtMemTypeDefault, &made->cpu), "CreateCpuMemoryInfo",
               error, error_size)) {
        goto fail;
    }
    api->ReleaseSessionOptions(options);
    return made;
fail:
    if (options) api->ReleaseSessionOptions(options);
    inflio_ort_session_free(made);
    return NULL;
}

void inflio_ort_session_free(InflioOrtSession *session) {
    if (!session) return;
    if (session->cpu) api->ReleaseMemoryInfo(session->cpu);
    if (session->session) api->ReleaseSession(session->session);
    free(session);
}

// Copies a float32 tensor of exactly `count` values out of `value`.
static int copy_output(OrtValue *value, float *output, size_t count, char *error, size_t error_size) {
    OrtTensorTypeAndShapeInfo *info = NULL;
    if (failed(api->GetTensorTypeAndShape(value, &info), "GetTensorTypeAndShape", error, error_size)) return -1;
    ONNXTensorElementDataType type = ONNX_TENSOR_ELEMENT_DATA_TYPE_UNDEFINED;
    size_t elements = 0;
    int bad = failed(api->GetTensorElementType(info, &type), "GetTensorElementType", error, error_size) ||
              failed(api->GetTensorShapeElementCount(info, &elements), "GetTensorShapeElementCount", error,
                     error_size);
    api->ReleaseTensorTypeAndShapeInfo(info);
    if (bad) return -1;
    if (type != ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT || elements != count) {
        say(error, error_size, "the output holds %zu values of type %d, not %zu floats", elements, (int)type, count);
        return -1;
    }
    void *data = NULL;
    if (failed(api->GetTensorMutableData(value, &data), "GetTensorMutableData", error, error_size)) return -1;
    memcpy(output, data, count * sizeof(float));
    return 0;
}

int inflio_ort_run(InflioOrtSession *session, const char *input_name, const float *input, const int64_t *shape,
                   size_t rank, const char *output_name, float *output, size_t output_count, char *error,
                   size_t error_size) {
    size_t values = 1;
    for (size_t i = 0; i < rank; ++i) values *= (size_t)shape[i];
    OrtValue *tensor = NULL;
    OrtValue *result = NULL;
    int status = -1;
    // ONNX Runtime only reads the input buffer, though this API takes it as mutable.
    if (failed(api->CreateTensorWithDataAsOrtValue(session->cpu, (void *)input, values * sizeof(float), shape, rank,
                                                   ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, &tensor),
               "CreateTensorWithDataAsOrtValue", error, error_size)) {
        return -1;
    }
    const OrtValue *inputs[1] = {tensor};
    if (!failed(api->Run(session->session, NULL, &input_name, inputs, 1, &output_name, 1, &result), "Run", error,
                error_size)) {
        status = copy_output(result, output, output_count, error, error_size);
    }
    if (result) api->ReleaseValue(result);
    api->ReleaseValue(tensor);
    return status;
}
