# Pinned tool versions, sourced by the scripts. wasm-bindgen must equal the crate in Cargo.lock.
TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
BINARYEN_VERSION=132.0.0
# Splits the linked wasm into lazily loaded route chunks (shared/TOOLCHAIN.md §5); its binary is
# wasm-split-cli. Its output must match wasm-bindgen's: bump the two together, after a browser run.
WASM_SPLIT_VERSION=0.2.4
# The API contract layer of make test (scripts/contract.sh): property-based OpenAPI checks.
SCHEMATHESIS_VERSION=4.32.5
# Benchmark only (scripts/bootstrap.sh --bench).
TWIGGY_VERSION=0.8.0
OHA_VERSION=1.16.0
# lighthouse 13 needs Node 22; the machines have Node 20.
LIGHTHOUSE_VERSION=12.8.2
# Fuzzing only (scripts/bootstrap.sh --fuzz, make fuzz); runs on the nightly toolchain.
CARGO_FUZZ_VERSION=0.13.2
TOOLS_DIR="${PORTAL_TOOLS_DIR:-$HOME/.cache/pharmacy-portal/tools}"
