#include "inflio_dlib.h"

#include <dlfcn.h>
#include <cstring>
#include <string>

#include <dlib/dnn.h>
#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_transforms.h>

using namespace dlib;

// The network of dlib_face_recognition_resnet_model_v1.dat, exactly as dlib's
// dnn_face_recognition_ex.cpp declares it (the weights file only loads into this type).
template <template <int, template <typename> class, int, typename> class block, int N,
          template <typename> class BN, typename SUBNET>
using residual = add_prev1<block<N, BN, 1, tag1<SUBNET>>>;
template <template <int, template <typename> class, int, typename> class block, int N,
          template <typename> class BN, typename SUBNET>
using residual_down = add_prev2<avg_pool<2, 2, 2, 2, skip1<tag2<block<N, BN, 2, tag1<SUBNET>>>>>>;
template <int N, template <typename> class BN, int stride, typename SUBNET>
using block = BN<con<N, 3, 3, 1, 1, relu<BN<con<N, 3, 3, stride, stride, SUBNET>>>>>;
template <int N, typename SUBNET> using ares = relu<residual<block, N, affine, SUBNET>>;
template <int N, typename SUBNET> using ares_down = relu<residual_down<block, N, affine, SUBNET>>;
template <typename SUBNET> using alevel0 = ares_down<256, SUBNET>;
template <typename SUBNET> using alevel1 = ares<256, ares<256, ares_down<256, SUBNET>>>;
template <typename SUBNET> using alevel2 = ares<128, ares<128, ares_down<128, SUBNET>>>;
template <typename SUBNET> using alevel3 = ares<64, ares<64, ares<64, ares_down<64, SUBNET>>>>;
template <typename SUBNET> using alevel4 = ares<32, ares<32, ares<32, SUBNET>>>;
using anet_type = loss_metric<fc_no_bias<128, avg_pool_everything<alevel0<alevel1<alevel2<alevel3<alevel4<
    max_pool<3, 3, 2, 2, relu<affine<con<32, 7, 7, 2, 2, input_rgb_image_sized<150>>>>>>>>>>>>>;

struct InflioFaceDetector { frontal_face_detector detector; };
struct InflioShapePredictor { shape_predictor predictor; };
struct InflioFaceRecognizer { anet_type net; };

namespace {

matrix<rgb_pixel> to_matrix(const unsigned char *rgb, int width, int height) {
    matrix<rgb_pixel> image(height, width);
    std::memcpy(&image(0, 0), rgb, size_t(width) * size_t(height) * 3);
    return image;
}

void copy_error(const std::exception &e, char *error, size_t error_size) {
    if (error && error_size > 0) {
        std::strncpy(error, e.what(), error_size - 1);
        error[error_size - 1] = 0;
    }
}

}  // namespace

static_assert(sizeof(rgb_pixel) == 3, "rgb_pixel must be packed RGB");

extern "C" {

void inflio_dlib_set_blas_threads(int threads) {
    // OpenBLAS reads OPENBLAS_NUM_THREADS only when it loads, before Swift's main runs, so set it
    // through its API when the linked BLAS is OpenBLAS; other BLAS builds are single-threaded.
    using setter = void (*)(int);
    if (auto set = reinterpret_cast<setter>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) set(threads);
}

InflioFaceDetector *inflio_dlib_detector_new(void) {
    try { return new InflioFaceDetector{get_frontal_face_detector()}; } catch (...) { return nullptr; }
}

InflioFaceDetector *inflio_dlib_detector_clone(const InflioFaceDetector *detector) {
    try { return new InflioFaceDetector{detector->detector}; } catch (...) { return nullptr; }
}

void inflio_dlib_detector_free(InflioFaceDetector *detector) { delete detector; }

int inflio_dlib_detect(InflioFaceDetector *detector, const unsigned char *rgb, int width, int height,
                       int upsample, double *boxes, int max_faces) {
    try {
        matrix<rgb_pixel> image = to_matrix(rgb, width, height);
        for (int i = 0; i < upsample; ++i) pyramid_up(image);
        std::vector<rect_detection> found;
        detector->detector(image, found);
        const double scale = 1.0 / double(1 << upsample);
        const int count = int(found.size());
        for (int i = 0; i < count && i < max_faces; ++i) {
            double *box = boxes + i * INFLIO_DLIB_BOX_VALUES;
            box[0] = found[i].rect.left() * scale;
            box[1] = found[i].rect.top() * scale;
            box[2] = (found[i].rect.right() + 1) * scale;
            box[3] = (found[i].rect.bottom() + 1) * scale;
            box[4] = found[i].detection_confidence;
            box[5] = double(found[i].weight_index);
        }
        return count;
    } catch (...) {
        return -1;
    }
}

InflioShapePredictor *inflio_dlib_shape_predictor_load(const char *path, char *error, size_t error_size) {
    try {
        auto *result = new InflioShapePredictor();
        try { deserialize(path) >> result->predictor; } catch (...) { delete result; throw; }
        return result;
    } catch (const std::exception &e) {
        copy_error(e, error, error_size);
        return nullptr;
    }
}

void inflio_dlib_shape_predictor_free(InflioShapePredictor *predictor) { delete predictor; }

int inflio_dlib_landmarks(const InflioShapePredictor *predictor, const unsigned char *rgb, int width, int height,
                          const double *box, double *points, int max_points) {
    try {
        matrix<rgb_pixel> image = to_matrix(rgb, width, height);
        rectangle rect(long(box[0]), long(box[1]), long(box[2]) - 1, long(box[3]) - 1);
        full_object_detection shape = predictor->predictor(image, rect);
        const int count = int(shape.num_parts());
        for (int i = 0; i < count && i < max_points; ++i) {
            points[2 * i] = shape.part(i).x();
            points[2 * i + 1] = shape.part(i).y();
        }
        return count;
    } catch (...) {
        return -1;
    }
}

int inflio_dlib_face_chip(const unsigned char *rgb, int width, int height, const double *points, int point_count,
                          int size, double padding, unsigned char *chip_rgb) {
    try {
        matrix<rgb_pixel> image = to_matrix(rgb, width, height);
        std::vector<point> parts;
        for (int i = 0; i < point_count; ++i) parts.emplace_back(long(points[2 * i]), long(points[2 * i + 1]));
        full_object_detection shape(rectangle(), parts);
        matrix<rgb_pixel> chip;
        extract_image_chip(image, get_face_chip_details(shape, size, padding), chip);
        std::memcpy(chip_rgb, &chip(0, 0), size_t(size) * size_t(size) * 3);
        return 0;
    } catch (...) {
        return -1;
    }
}

InflioFaceRecognizer *inflio_dlib_recognizer_load(const char *path, char *error, size_t error_size) {
    try {
        auto *result = new InflioFaceRecognizer();
        try { deserialize(path) >> result->net; } catch (...) { delete result; throw; }
        return result;
    } catch (const std::exception &e) {
        copy_error(e, error, error_size);
        return nullptr;
    }
}

InflioFaceRecognizer *inflio_dlib_recognizer_clone(const InflioFaceRecognizer *recognizer) {
    try { return new InflioFaceRecognizer{recognizer->net}; } catch (...) { return nullptr; }
}

void inflio_dlib_recognizer_free(InflioFaceRecognizer *recognizer) { delete recognizer; }

int inflio_dlib_embed(InflioFaceRecognizer *recognizer, const unsigned char *chip_rgb, float *descriptor) {
    try {
        matrix<rgb_pixel> chip = to_matrix(chip_rgb, 150, 150);
        matrix<float, 0, 1> result = recognizer->net(chip);
        for (long i = 0; i < 128; ++i) descriptor[i] = result(i);
        return 0;
    } catch (...) {
        return -1;
    }
}

}  // extern "C"
