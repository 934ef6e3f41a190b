#!/usr/bin/env bash
# Installs every tool the portal needs to build, run and test, idempotently.
#
# Why this shape: these machines reach package registries only (no rustup dist server), so the
# wasm32 std comes either from an installed rustup target or from Debian's rustc-web with
# build-std (see shared/TOOLCHAIN.md). Tools go into a cache outside the clone, keyed by version,
# so a second run (and CI on the same machine) takes seconds.
#
# Usage: scripts/bootstrap.sh [--no-test-tools | --bench | --fuzz]
#   --no-test-tools  skip Chromium/chromedriver/npm test packages (enough for `make run`)
#   --bench          also the benchmark's tools: twiggy (wasm size profile), oha (HTTP load)
#   --fuzz           also cargo-fuzz (make fuzz; needs the nightly toolchain rustup carries)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=versions.sh
source "$ROOT/scripts/versions.sh"

WITH_TEST_TOOLS=1
WITH_BENCH_TOOLS=0
[ "${1:-}" = "--no-test-tools" ] && WITH_TEST_TOOLS=0
[ "${1:-}" = "--bench" ] && WITH_BENCH_TOOLS=1
WITH_FUZZ_TOOLS=0
[ "${1:-}" = "--fuzz" ] && WITH_FUZZ_TOOLS=1

log() { printf '\033[1;34m[bootstrap]\033[0m %s\n' "$*" >&2; }
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"

mkdir -p "$TOOLS_DIR/bin"

# ---------- Debian packages ----------
apt_pkgs=(tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-eng fonts-noto-cjk poppler-utils brotli curl)
# zbar-tools decodes the member-card barcode in the e2e tests (a real scanner's view).
# postgresql: the integration suite runs a second time on a throwaway PostgreSQL cluster.
[ "$WITH_TEST_TOOLS" = 1 ] && apt_pkgs+=(chromium chromium-driver zbar-tools postgresql)
missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# ---------- wasm32-capable Rust ----------
# Mode "rustup": stable has the wasm32 target. Mode "debweb": Debian rustc-web + build-std.
# PORTAL_WASM_MODE=debweb|rustup forces a mode (e.g. to exercise the Debian path here).
wasm_mode="${PORTAL_WASM_MODE:-}"
if [ -n "$wasm_mode" ]; then
  :
elif rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  wasm_mode=rustup
elif rustup toolchain list 2>/dev/null | grep -q '^debweb' && [ -d /usr/lib/rustlib/src/rust/library ]; then
  wasm_mode=debweb
elif timeout 20 rustup target add wasm32-unknown-unknown >/dev/null 2>&1; then
  wasm_mode=rustup
else
  wasm_mode=debweb
fi
# The shipped bundle is always built with Debian's rustc-web, whatever the mode: only a std built
# from source can make a panic a bare trap (scripts/split-wasm.sh), 22 kB brotli off the download.
for p in rustc-web cargo-web rust-web-src; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! rustup toolchain list | grep -q '^debweb'; then
  log "linking Debian rustc-web as rustup toolchain 'debweb'"
  rustup toolchain link debweb /usr
fi
echo "$wasm_mode" > "$TOOLS_DIR/wasm-mode"
log "wasm32 toolchain: $wasm_mode"

# ---------- cargo-installed tools (stable toolchain, cached by version) ----------
cargo_tool() { # name version binary [cargo install flags…]
  local name=$1 version=$2 bin=$3; shift 3
  local dest="$TOOLS_DIR/$name-$version"
  if [ -x "$dest/bin/$bin" ]; then
    ln -sf "$dest/bin/$bin" "$TOOLS_DIR/bin/$bin"; return
  fi
  log "cargo install $name@$version (several minutes, once per machine)"
  # A private target dir keeps these builds out of the project's target/.
  RUSTUP_TOOLCHAIN=stable CARGO_TARGET_DIR="$TOOLS_DIR/build" \
    cargo install "$@" --quiet --root "$dest" "$name@$version"
  ln -sf "$dest/bin/$bin" "$TOOLS_DIR/bin/$bin"
}
cargo_tool trunk "$TRUNK_VERSION" trunk --locked
# wasm-bindgen-cli's lock file names a crate the registry no longer serves: no --locked.
cargo_tool wasm-bindgen-cli "$WASM_BINDGEN_VERSION" wasm-bindgen
for b in wasm-bindgen-test-runner wasm2es6js; do
  [ -x "$TOOLS_DIR/wasm-bindgen-cli-$WASM_BINDGEN_VERSION/bin/$b" ] &&
    ln -sf "$TOOLS_DIR/wasm-bindgen-cli-$WASM_BINDGEN_VERSION/bin/$b" "$TOOLS_DIR/bin/$b"
done
cargo_tool wasm_split_cli_support "$WASM_SPLIT_VERSION" wasm-split-cli --locked --features build-binary
if [ "$WITH_BENCH_TOOLS" = 1 ]; then
  cargo_tool twiggy "$TWIGGY_VERSION" twiggy --locked
  # oha's newest dependencies want a newer rustc than stable here: its own lock file works.
  cargo_tool oha "$OHA_VERSION" oha --locked
fi
if [ "$WITH_FUZZ_TOOLS" = 1 ]; then
  rustup toolchain list | grep -q '^nightly' || { echo "make fuzz needs a nightly toolchain (rustup toolchain install nightly)" >&2; exit 1; }
  cargo_tool cargo-fuzz "$CARGO_FUZZ_VERSION" cargo-fuzz --locked
fi

# ---------- npm: wasm-opt (binaryen) and the e2e runner ----------
npm_tool() { # package version binary: installed once per version, linked into bin/
  local pkg=$1 version=$2 bin=$3
  local dir="$TOOLS_DIR/npm-$pkg-$version"
  if [ ! -x "$dir/node_modules/.bin/$bin" ]; then
    log "npm install $pkg@$version"
    mkdir -p "$dir"
    npm install --silent --no-audit --no-fund --prefix "$dir" "$pkg@$version" >/dev/null
  fi
  ln -sf "$dir/node_modules/.bin/$bin" "$TOOLS_DIR/bin/$bin"
}
npm_tool binaryen "$BINARYEN_VERSION" wasm-opt
# Lighthouse drives Debian's Chromium (CHROME_PATH); it downloads no browser.
if [ "$WITH_BENCH_TOOLS" = 1 ]; then npm_tool lighthouse "$LIGHTHOUSE_VERSION" lighthouse; fi

# ---------- PyPI: the OpenAPI conformance runner, in its own venv per version ----------
pip_tool() { # package version binary
  local pkg=$1 version=$2 bin=$3
  local dir="$TOOLS_DIR/pip-$pkg-$version"
  if [ ! -x "$dir/bin/$bin" ]; then
    log "pip install $pkg==$version"
    rm -rf "$dir"
    python3 -m venv "$dir" && "$dir/bin/pip" install --quiet --disable-pip-version-check "$pkg==$version" >/dev/null
  fi
  ln -sf "$dir/bin/$bin" "$TOOLS_DIR/bin/$bin"
}

if [ "$WITH_TEST_TOOLS" = 1 ]; then
  pip_tool schemathesis "$SCHEMATHESIS_VERSION" st
  # The e2e packages live in e2e/node_modules (lock file committed); the browser is Debian's.
  if [ ! -d "$ROOT/e2e/node_modules/@playwright/test" ] ||
     [ "$ROOT/e2e/package-lock.json" -nt "$ROOT/e2e/node_modules/.package-lock.json" ]; then
    log "npm ci in e2e/ (system Chromium, no browser download)"
    (cd "$ROOT/e2e" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --silent --no-audit --no-fund >/dev/null)
  fi
fi

log "tools ready in $TOOLS_DIR/bin"
