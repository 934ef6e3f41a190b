# Sourced by the Makefile and scripts: tool paths and the wasm build environment.
# `wasm_env CMD...` runs CMD with the variables the wasm32 build needs on this machine.
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=versions.sh
source "$_root/scripts/versions.sh"
_stable_sysroot="$(RUSTUP_TOOLCHAIN=stable rustc --print sysroot 2>/dev/null)"
export PATH="$TOOLS_DIR/bin:$_stable_sysroot/lib/rustlib/x86_64-unknown-linux-gnu/bin:$PATH"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"

wasm_env() {
  local mode
  mode="${PORTAL_WASM_MODE:-$(cat "$TOOLS_DIR/wasm-mode" 2>/dev/null || echo rustup)}"
  if [ "$mode" = debweb ]; then
    # Debian's rustc-web + std built from source (shared/TOOLCHAIN.md §1).
    RUSTUP_TOOLCHAIN=debweb RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort "$@"
  else
    "$@"
  fi
}

# `shipped_wasm_env CMD...`: the release bundle members download. Debian's rustc-web builds std
# from source (shared/TOOLCHAIN.md §1) sized for the download, so split-wasm.sh can make every
# panic a bare trap (`-Cpanic=immediate-abort`): no panic messages, source locations or the
# formatting code behind them. Bootstrap installs rustc-web in every mode.
SHIPPED_PANIC_FLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none"
shipped_wasm_env() {
  RUSTUP_TOOLCHAIN=debweb RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
    CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size "$@"
}

# `shipped_wasm_opt IN OUT`: wasm-opt as the shipped bundle gets it. Flattening and re-looping
# the control flow before two -Oz rounds leaves 1-2 % fewer brotli bytes than -Oz alone (main
# module 244.0 -> 240.2 kB); the tool's name and feature sections say nothing a browser reads.
shipped_wasm_opt() {
  wasm-opt --flatten --rereloop -Oz -Oz --strip-producers --strip-target-features \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    --enable-reference-types --enable-multivalue "$1" -o "$2" 2>"$2.log" || { cat "$2.log" >&2; rm -f "$2.log"; return 1; }
  rm -f "$2.log" # only warnings about name subsections it does not know
}

# A TCP port free on 127.0.0.1 right now (for a server started next).
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Waits until URL answers 2xx, polling every 0.2 s, at most TRIES times (default 100: 20 s).
# Fails (1) if it never does, so a caller can say the server did not start.
wait_ready() { # url [tries]
  local url=$1 tries=${2:-100}
  for _ in $(seq 1 "$tries"); do
    curl -sf "$url" >/dev/null && return 0
    sleep 0.2
  done
  return 1
}
