# Pinned tool versions, sourced by the scripts. wasm-bindgen must equal the crate in Cargo.lock.
TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
BINARYEN_VERSION=132.0.0
# Benchmark only (scripts/bootstrap.sh --bench).
TWIGGY_VERSION=0.8.0
OHA_VERSION=1.16.0
TOOLS_DIR="${PORTAL_TOOLS_DIR:-$HOME/.cache/pharmacy-portal/tools}"
