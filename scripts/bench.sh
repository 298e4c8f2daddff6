#!/usr/bin/env bash
# `make bench`: the analysis (20 photos of 12 MP (4000×3000 JPEGs made from the sample faces) analysed with
# every core: wall time, photos per second, peak memory, time per stage) and the service.
# Goal on the 2-core reference machine: ≤ 1.5 s wall for the 20 photos, peak memory < 500 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/release/inflio
photos=.build/bench-photos
faces="${PHOTOS:-../shared/testdata/faces}"

$bin bench prepare --from "$faces" --output "$photos" --count 20 --width 4000 --height 3000
echo "--- analysis of 20 photos, 12 MP each: three runs ---"
for run in 1 2 3; do
  echo "run $run:"
  $bin bench analyze "$photos" | sed 's/^/  /'
done
echo "--- the same photos in Display P3, profile embedded (the colour transform's cost): three runs ---"
$bin bench prepare --from "$faces" --output "$photos-p3" --count 20 --width 4000 --height 3000 --display-p3
for run in 1 2 3; do
  echo "run $run:"
  $bin bench analyze "$photos-p3" | sed 's/^/  /'
done
echo "--- SFace, the second face model (asked beside dlib by the service, analyze and compare): its cost per face, photo and persona ---"
$bin bench sface "$photos"
echo "--- the whole command, as a user runs it (process start and model load included) ---"
TIMEFORMAT='inflio analyze --json (20 photos): %R s wall'
time $bin analyze --json "$photos" > /dev/null

echo "--- brand extraction (issue 16): inflio brand extract on a made-up 2-page and 40-page guideline ---"
# Goals on the 2-core reference machine: 2 pages in at most 1.5 s, 40 pages in at most 6 s (wall).
if [ ! -x /usr/bin/time ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends time >/dev/null
fi
rm -rf .build/bench-brand .build/bench-brand-40
/usr/bin/python3 scripts/make-brand-pdfs.py .build/bench-brand --pages 2
/usr/bin/python3 scripts/make-brand-pdfs.py .build/bench-brand-40 --pages 40
for pdf in .build/bench-brand/guideline.pdf .build/bench-brand-40/guideline.pdf; do
  for run in 1 2 3; do
    # Peak memory of inflio and of its largest poppler child (GNU time counts the children's peak too).
    /usr/bin/time -f "$pdf run $run: %e s wall, %M KB peak resident (largest process)" \
      $bin brand extract "$pdf" > /dev/null
  done
done

echo "--- the offline studio (issue 11): CPU per portrait, and the five of a persona at once ---"
# Goals on the 2-core reference machine: at most 250 ms of CPU per portrait, at most 1 s for five.
$bin bench studio --from "$faces"

echo "--- designs (issue 15): the layout renderer, a 1280×720 thumbnail and four Instagram images at once ---"
# Goals on the 2-core reference machine: a thumbnail in at most 300 ms, four social images in at most 1 s.
$bin bench designs --from "$faces"

echo "--- designs on FAL (issue 15): against the fake with a 5 s model, our added delay to the page's events ---"
# Goal: at most 300 ms from the fake's progress, and from its result, to the event a page receives.
$bin bench design-fal --from "$faces" --designs 5 --latency 5

echo "--- memory each model holds: loaded, then after its first run (the service's start-up share) ---"
$bin bench models --from "$faces"

echo "--- the persona service (a real inflio serve process, SQLite, local renderer) ---"
if ! command -v wrk >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends wrk >/dev/null 2>&1 || echo "(wrk could not be installed; the paced run still measures latency)"
fi
$bin bench service --from "$faces" --work .build/bench-service

echo "--- capture: one 12 MP photo added to a draft persona (30 calls, a real inflio serve) ---"
$bin bench draft --photos "$photos" --work .build/bench-draft

echo "--- the FAL provider against the fake (50 personas at once, 2 s model latency) ---"
$bin bench fal --from "$faces" --work .build/bench-fal --personas 50 --latency 2

echo "--- scale-out (issue 14): 3 processes against 1, event streams across processes, uploads to S3 ---"
# Its 7 MB upload photos are made with the vips command line (libvips-dev does not ship it).
if ! command -v vips >/dev/null 2>&1 && ! command -v ffmpeg >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends libvips-tools >/dev/null
fi
python3 scripts/bench-cluster.py --bin "$bin"

echo "--- the launchpad: a first visit with a cold cache (bytes, time to the step cards) ---"
if [ -x .build-browser-venv/bin/python ]; then
  .build-browser-venv/bin/python scripts/bench-launchpad.py --inflio "$bin"
  echo "--- capture: the live hint loop in headless Chromium, a 640x480 fake camera (frames/s) ---"
  .build-browser-venv/bin/python scripts/bench-capture-hints.py
else
  echo "(skipped: the browser venv is made by scripts/browser-test.sh, which make test runs)"
fi
