#!/usr/bin/env bash
# The web page's end-to-end tests in a real browser: Playwright for Python drives Debian's Chromium
# against a real `inflio serve` (fresh data dir, free port). web_page_test.py: sign-up, a new persona
# from real face photos checked one by one as they upload (each thumbnail's verdict, the set's
# line, the build button), its five portraits arriving live, too few photos (a removal, a reload
# resuming the draft, "Remove all") and the deletion. onboarding_test.py: the launchpad, the step-1
# wizard (photos that can't be used flagged as they arrive, a duplicate's question answered from
# the keyboard), steps 2 and 3, a reload and a second device resuming, locked steps, a keyboard-only
# run, the phone size and axe-core scans. capture_test.py: the webcam panel with Chromium's fake
# camera playing a clip made with ffmpeg (the preview mirrored, the stored photos not), camera
# permission denied (the upload one click away), the phone's camera-app input, and a stranger's
# photo asked about before building. signup_mail_test.py and account_test.py (sign-up by mail;
# the account page: tokens, password change and reset, export, deletion) start servers of their own.
# studio_test.py: the content studio ("Create"): a YouTube thumbnail seen in the making, then at
# 16:9; refined into v2, the two compared, an instruction not understood refused in words,
# finalized and downloaded as PNG, JPEG and WebP (each 1280×720).
#
#   bash scripts/browser-test.sh [path/to/inflio]      (or INFLIO_BIN=...; default .build/debug/inflio)
#   INFLIO_BROWSER_TESTS="capture" bash scripts/browser-test.sh
#       (only some: web, onboarding, brand, capture, mail, account, studio)
#
# Set-up is idempotent and needs only Debian's apt and PyPI: Debian's `chromium` if missing, and a
# venv in .build-browser-venv/ with the pinned Playwright, Pillow and axe-playwright-python (which
# ships axe-core's script: nothing is fetched at run time), and Debian's `ffmpeg` for the fake
# camera's clip. `playwright install` is never run: Playwright launches the Debian Chromium binary.
# The finished persona page is saved to .build-browser/persona.png, every onboarding screen
# (desktop and phone) to .build-browser/onboarding/, the capture screens to
# .build-browser/capture/, the studio's to .build-browser/studio/. The server's log is printed if
# anything fails.
set -euo pipefail

cd "$(dirname "$0")/.."
bin="${1:-${INFLIO_BIN:-.build/debug/inflio}}"
photos="${INFLIO_TEST_PHOTOS:-../shared/testdata/faces}"
venv=".build-browser-venv"
artifacts=".build-browser"
pins=(playwright==1.65.2 pillow==11.3.0 axe-playwright-python==0.1.8)
started=$SECONDS

say() { echo "browser-test: $*"; }
die() { echo "browser-test: FAILED: $*" >&2; exit 1; }

[ -x "$bin" ] || die "no inflio binary at $bin (build it, or pass its path as the first argument or INFLIO_BIN)"
[ -f "$photos/obama-1.jpg" ] || die "no test photos at $photos (see ../shared/testdata/faces/README.md)"

apt_install() {
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  say "installing Debian packages: $*"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# ---------------------------------------------------------------- Chromium
command -v chromium >/dev/null 2>&1 || apt_install chromium
# The fake camera's clip (capture_test.py) is made at run time from a shared test face.
command -v ffmpeg >/dev/null 2>&1 || apt_install ffmpeg
# /usr/bin/chromium is a shell wrapper (it adds flags from /etc/chromium.d); Playwright wants the
# browser itself, so that the flags it passes are the only ones.
chromium_bin="/usr/lib/chromium/chromium"
[ -x "$chromium_bin" ] || chromium_bin="$(command -v chromium)"

# ---------------------------------------------------------------- Python venv
# Debian's python3 first (a fresh machine has only that); its venv module needs python3-venv.
python="$(command -v /usr/bin/python3 || command -v python3 || true)"
[ -n "$python" ] || { apt_install python3 python3-venv; python=/usr/bin/python3; }
stamp="$venv/.pins"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "${pins[*]}" ] \
   || ! "$venv/bin/python" -c "import playwright, PIL, axe_playwright_python" >/dev/null 2>&1; then
  say "creating $venv with ${pins[*]}"
  rm -rf "$venv"
  if ! "$python" -m venv "$venv" >/dev/null 2>&1; then
    rm -rf "$venv"
    apt_install python3-venv
    "$python" -m venv "$venv"
  fi
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${pins[@]}"
  echo "${pins[*]}" >"$stamp"
fi
py="$venv/bin/python"
# The tests import each other's helpers: no __pycache__ left in the tree.
export PYTHONDONTWRITEBYTECODE=1

# ---------------------------------------------------------------- the server
tmp="$(mktemp -d)"
server_pid=""
test_pid=""
cleanup() {
  status=$?
  for pid in $test_pid $server_pid; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  if [ "$status" -ne 0 ] && [ -f "$tmp/server.log" ]; then
    echo "browser-test: last lines of the server's log:" >&2
    tail -n 40 "$tmp/server.log" >&2 || true
  fi
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export INFLIO_DATA_DIR="$tmp/data"
mkdir -p "$INFLIO_DATA_DIR"
"$bin" migrate >"$tmp/migrate.log" 2>&1 || { cat "$tmp/migrate.log" >&2; die "inflio migrate failed"; }

port="$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base_url="http://127.0.0.1:$port"
# INFLIO_LOCAL_LATENCY holds each portrait and each design version back a moment: without it the
# local renderer is done before the page shows them, and the page's live (Server-Sent Events) path
# goes untested.
INFLIO_LOCAL_LATENCY="${INFLIO_LOCAL_LATENCY:-1}" "$bin" serve --hostname 127.0.0.1 --port "$port" >"$tmp/server.log" 2>&1 &
server_pid=$!

# The face models take a few seconds to load before the port opens.
"$py" scripts/wait-for-health.py "$base_url/health" "$server_pid" 60 \
  || die "the server did not answer $base_url/health"
say "server up at $base_url ($(( SECONDS - started )) s so far)"

# ---------------------------------------------------------------- the tests
# In the background with `wait`, so that a signal to this script runs the clean-up at once.
# INFLIO_BROWSER_TESTS picks some (e.g. "capture"; default: "web onboarding brand capture mail account studio").
# "mail" and "account" start a server of their own, with mail configured and Debian's aiosmtpd as
# the SMTP server.
mkdir -p "$artifacts"
wanted=" ${INFLIO_BROWSER_TESTS:-web onboarding brand capture mail account studio} "
run_test() {  # name, script, its own arguments...
  local name="$1" script="$2"; shift 2
  case "$wanted" in *" $name "*) ;; *) return 0 ;; esac
  "$py" "Tests/Browser/$script" --base-url "$base_url" --chromium "$chromium_bin" --photos "$photos" "$@" &
  test_pid=$!
  wait "$test_pid"
  say "$name: passed ($(( SECONDS - started )) s so far)"
}
run_test web web_page_test.py --work-dir "$tmp/photos" --screenshot "$artifacts/persona.png"
run_test onboarding onboarding_test.py --work-dir "$tmp/photos" --shots "$artifacts/onboarding"
run_test brand onboarding_brand_pdf.py --shots "$artifacts/brand"
run_test capture capture_test.py --work-dir "$tmp/capture" --shots "$artifacts/capture"
run_test mail signup_mail_test.py --binary "$bin" --shots "$artifacts/mail"
run_test account account_test.py --binary "$bin" --shots "$artifacts/account"
run_test studio studio_test.py --shots "$artifacts/studio"
say "passed in $(( SECONDS - started )) s"
