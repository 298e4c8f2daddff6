// extern "C" wrappers over dlib's face detector, 5-point landmark predictor, face-chip
// extraction and face-recognition ResNet, callable from Swift. Images cross the boundary as
// interleaved 8-bit RGB. No thresholds or choices live here: Sources/Faces decides.
// Every function catches C++ exceptions; failures return NULL or a negative count.
#ifndef INFLIO_DLIB_H
#define INFLIO_DLIB_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct InflioFaceDetector InflioFaceDetector;
typedef struct InflioShapePredictor InflioShapePredictor;
typedef struct InflioFaceRecognizer InflioFaceRecognizer;

// Values written per detected face by inflio_dlib_detect.
#define INFLIO_DLIB_BOX_VALUES 6 /* left, top, right, bottom, confidence, sub-detector index */

// Keeps dlib's BLAS calls on the calling thread: callers parallelise over photos themselves.
void inflio_dlib_set_blas_threads(int threads);

InflioFaceDetector *inflio_dlib_detector_new(void);
InflioFaceDetector *inflio_dlib_detector_clone(const InflioFaceDetector *detector);
void inflio_dlib_detector_free(InflioFaceDetector *detector);
// Runs the HOG detector after `upsample` doublings of the image; boxes are in input coordinates.
// Returns the number of faces found (boxes beyond max_faces are not written), or -1.
int inflio_dlib_detect(InflioFaceDetector *detector, const unsigned char *rgb, int width, int height,
                       int upsample, double *boxes, int max_faces);

InflioShapePredictor *inflio_dlib_shape_predictor_load(const char *path, char *error, size_t error_size);
void inflio_dlib_shape_predictor_free(InflioShapePredictor *predictor);
// Writes x,y pairs for each landmark inside box (left, top, right, bottom). Returns the count or -1.
int inflio_dlib_landmarks(const InflioShapePredictor *predictor, const unsigned char *rgb, int width, int height,
                          const double *box, double *points, int max_points);

// Extracts a size×size face chip aligned on the landmarks (dlib's get_face_chip_details).
int inflio_dlib_face_chip(const unsigned char *rgb, int width, int height, const double *points, int point_count,
                          int size, double padding, unsigned char *chip_rgb);

InflioFaceRecognizer *inflio_dlib_recognizer_load(const char *path, char *error, size_t error_size);
InflioFaceRecognizer *inflio_dlib_recognizer_clone(const InflioFaceRecognizer *recognizer);
void inflio_dlib_recognizer_free(InflioFaceRecognizer *recognizer);
// The chip must be 150×150 RGB. Writes 128 floats. Returns 0 or -1.
int inflio_dlib_embed(InflioFaceRecognizer *recognizer, const unsigned char *chip_rgb, float *descriptor);

#ifdef __cplusplus
}
#endif

#endif
