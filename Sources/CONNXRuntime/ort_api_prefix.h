// The part of ONNX Runtime's C API that inflio_onnxruntime.c calls, declared here because the
// onnxruntime wheel ships the library without headers.
//
// Source: include/onnxruntime/core/session/onnxruntime_c_api.h of microsoft/onnxruntime (read at
// its C API version 13; the pinned library, 1.32.0, offers versions 1 to 32). OrtApi is a table of
// function pointers that only grows at its end: new functions get new slots and existing slots
// never move, so a prefix declared from one release describes every later one. Below are the
// first 101 slots, in the header's order, each with its 0-based index (inflio_onnxruntime.c has
// the compiler check those indices); the ones never called are `void *` placeholders that keep
// the offsets. Signatures are the header's, with its annotation macros left out.
//
// Checked against the library itself: at load, GetApi must accept INFLIO_ORT_API_VERSION, and a
// status made by CreateStatus must read back through GetErrorCode and GetErrorMessage (slots 0–2
// and 93), which a shifted table would not do; and Tests/PersonaKitTests/SFaceTests.swift runs the
// model through this table and gets what ONNX Runtime's own Python API gives for the same input.
#ifndef INFLIO_ORT_API_PREFIX_H
#define INFLIO_ORT_API_PREFIX_H

#include <stddef.h>
#include <stdint.h>

typedef struct OrtEnv OrtEnv;
typedef struct OrtStatus OrtStatus;
typedef struct OrtMemoryInfo OrtMemoryInfo;
typedef struct OrtSession OrtSession;
typedef struct OrtValue OrtValue;
typedef struct OrtRunOptions OrtRunOptions;
typedef struct OrtTensorTypeAndShapeInfo OrtTensorTypeAndShapeInfo;
typedef struct OrtSessionOptions OrtSessionOptions;

typedef enum OrtLoggingLevel {
    ORT_LOGGING_LEVEL_VERBOSE,
    ORT_LOGGING_LEVEL_INFO,
    ORT_LOGGING_LEVEL_WARNING,
    ORT_LOGGING_LEVEL_ERROR,
    ORT_LOGGING_LEVEL_FATAL,
} OrtLoggingLevel;

typedef enum OrtErrorCode { ORT_OK, ORT_FAIL, ORT_INVALID_ARGUMENT } OrtErrorCode;  // and more after these

typedef enum ONNXTensorElementDataType {
    ONNX_TENSOR_ELEMENT_DATA_TYPE_UNDEFINED,
    ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT,
} ONNXTensorElementDataType;  // and more after these

typedef enum GraphOptimizationLevel {
    ORT_DISABLE_ALL = 0,
    ORT_ENABLE_BASIC = 1,
    ORT_ENABLE_EXTENDED = 2,
    ORT_ENABLE_ALL = 99,
} GraphOptimizationLevel;

typedef enum OrtAllocatorType {
    OrtInvalidAllocator = -1,
    OrtDeviceAllocator = 0,
    OrtArenaAllocator = 1,
} OrtAllocatorType;
typedef enum OrtMemType { OrtMemTypeCPUInput = -2, OrtMemTypeCPUOutput = -1, OrtMemTypeDefault = 0 } OrtMemType;

typedef struct OrtApi OrtApi;

typedef struct OrtApiBase {
    const OrtApi *(*GetApi)(uint32_t version);
    const char *(*GetVersionString)(void);
} OrtApiBase;

// The library's only entry point; everything else is reached through the tables.
typedef const OrtApiBase *(*OrtGetApiBaseFunction)(void);

struct OrtApi {
    OrtStatus *(*CreateStatus)(OrtErrorCode code, const char *msg);  // 0
    OrtErrorCode (*GetErrorCode)(const OrtStatus *status);           // 1
    const char *(*GetErrorMessage)(const OrtStatus *status);         // 2
    OrtStatus *(*CreateEnv)(OrtLoggingLevel level, const char *logid, OrtEnv **out);  // 3
    void *CreateEnvWithCustomLogger;                                 // 4
    void *EnableTelemetryEvents;                                     // 5
    void *DisableTelemetryEvents;                                    // 6
    OrtStatus *(*CreateSession)(const OrtEnv *env, const char *model_path, const OrtSessionOptions *options,
                                OrtSession **out);  // 7
    void *CreateSessionFromArray;                   // 8
    OrtStatus *(*Run)(OrtSession *session, const OrtRunOptions *run_options, const char *const *input_names,
                      const OrtValue *const *inputs, size_t input_len, const char *const *output_names,
                      size_t output_names_len, OrtValue **outputs);  // 9
    OrtStatus *(*CreateSessionOptions)(OrtSessionOptions **options);  // 10
    void *SetOptimizedModelFilePath;                                  // 11
    void *CloneSessionOptions;                                        // 12
    void *SetSessionExecutionMode;                                    // 13
    void *EnableProfiling;                                            // 14
    void *DisableProfiling;                                           // 15
    void *EnableMemPattern;                                           // 16
    void *DisableMemPattern;                                          // 17
    void *EnableCpuMemArena;                                          // 18
    void *DisableCpuMemArena;                                         // 19
    void *SetSessionLogId;                                            // 20
    void *SetSessionLogVerbosityLevel;                                // 21
    OrtStatus *(*SetSessionLogSeverityLevel)(OrtSessionOptions *options, int level);  // 22
    OrtStatus *(*SetSessionGraphOptimizationLevel)(OrtSessionOptions *options, GraphOptimizationLevel level);  // 23
    OrtStatus *(*SetIntraOpNumThreads)(OrtSessionOptions *options, int threads);  // 24
    OrtStatus *(*SetInterOpNumThreads)(OrtSessionOptions *options, int threads);  // 25
    void *CreateCustomOpDomain;                                       // 26
    void *CustomOpDomain_Add;                                         // 27
    void *AddCustomOpDomain;                                          // 28
    void *RegisterCustomOpsLibrary;                                   // 29
    OrtStatus *(*SessionGetInputCount)(const OrtSession *session, size_t *out);   // 30
    OrtStatus *(*SessionGetOutputCount)(const OrtSession *session, size_t *out);  // 31
    void *SessionGetOverridableInitializerCount;                      // 32
    void *SessionGetInputTypeInfo;                                    // 33
    void *SessionGetOutputTypeInfo;                                   // 34
    void *SessionGetOverridableInitializerTypeInfo;                   // 35
    void *SessionGetInputName;                                        // 36
    void *SessionGetOutputName;                                       // 37
    void *SessionGetOverridableInitializerName;                       // 38
    void *CreateRunOptions;                                           // 39
    void *RunOptionsSetRunLogVerbosityLevel;                          // 40
    void *RunOptionsSetRunLogSeverityLevel;                           // 41
    void *RunOptionsSetRunTag;                                        // 42
    void *RunOptionsGetRunLogVerbosityLevel;                          // 43
    void *RunOptionsGetRunLogSeverityLevel;                           // 44
    void *RunOptionsGetRunTag;                                        // 45
    void *RunOptionsSetTerminate;                                     // 46
    void *RunOptionsUnsetTerminate;                                   // 47
    void *CreateTensorAsOrtValue;                                     // 48
    OrtStatus *(*CreateTensorWithDataAsOrtValue)(const OrtMemoryInfo *info, void *data, size_t data_length,
                                                 const int64_t *shape, size_t shape_length,
                                                 ONNXTensorElementDataType type, OrtValue **out);  // 49
    void *IsTensor;                                                   // 50
    OrtStatus *(*GetTensorMutableData)(OrtValue *value, void **out);  // 51
    void *FillStringTensor;                                           // 52
    void *GetStringTensorDataLength;                                  // 53
    void *GetStringTensorContent;                                     // 54
    void *CastTypeInfoToTensorInfo;                                   // 55
    void *GetOnnxTypeFromTypeInfo;                                    // 56
    void *CreateTensorTypeAndShapeInfo;                               // 57
    void *SetTensorElementType;                                       // 58
    void *SetDimensions;                                              // 59
    OrtStatus *(*GetTensorElementType)(const OrtTensorTypeAndShapeInfo *info, ONNXTensorElementDataType *out);  // 60
    void *GetDimensionsCount;                                         // 61
    void *GetDimensions;                                              // 62
    void *GetSymbolicDimensions;                                      // 63
    OrtStatus *(*GetTensorShapeElementCount)(const OrtTensorTypeAndShapeInfo *info, size_t *out);  // 64
    OrtStatus *(*GetTensorTypeAndShape)(const OrtValue *value, OrtTensorTypeAndShapeInfo **out);   // 65
    void *GetTypeInfo;                                                // 66
    void *GetValueType;                                               // 67
    void *CreateMemoryInfo;                                           // 68
    OrtStatus *(*CreateCpuMemoryInfo)(OrtAllocatorType type, OrtMemType mem_type, OrtMemoryInfo **out);  // 69
    void *CompareMemoryInfo;                                          // 70
    void *MemoryInfoGetName;                                          // 71
    void *MemoryInfoGetId;                                            // 72
    void *MemoryInfoGetMemType;                                       // 73
    void *MemoryInfoGetType;                                          // 74
    void *AllocatorAlloc;                                             // 75
    void *AllocatorFree;                                              // 76
    void *AllocatorGetInfo;                                           // 77
    void *GetAllocatorWithDefaultOptions;                             // 78
    void *AddFreeDimensionOverride;                                   // 79
    void *GetValue;                                                   // 80
    void *GetValueCount;                                              // 81
    void *CreateValue;                                                // 82
    void *CreateOpaqueValue;                                          // 83
    void *GetOpaqueValue;                                             // 84
    void *KernelInfoGetAttribute_float;                               // 85
    void *KernelInfoGetAttribute_int64;                               // 86
    void *KernelInfoGetAttribute_string;                              // 87
    void *KernelContext_GetInputCount;                                // 88
    void *KernelContext_GetOutputCount;                               // 89
    void *KernelContext_GetInput;                                     // 90
    void *KernelContext_GetOutput;                                    // 91
    void (*ReleaseEnv)(OrtEnv *input);                                // 92
    void (*ReleaseStatus)(OrtStatus *input);                          // 93
    void (*ReleaseMemoryInfo)(OrtMemoryInfo *input);                  // 94
    void (*ReleaseSession)(OrtSession *input);                        // 95
    void (*ReleaseValue)(OrtValue *input);                            // 96
    void *ReleaseRunOptions;                                          // 97
    void *ReleaseTypeInfo;                                            // 98
    void (*ReleaseTensorTypeAndShapeInfo)(OrtTensorTypeAndShapeInfo *input);  // 99
    void (*ReleaseSessionOptions)(OrtSessionOptions *input);                  // 100
    // ... the rest of the table is never touched through this prefix.
};

#endif
