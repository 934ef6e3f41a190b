#!/usr/bin/env bash
# Builds the portal's wasm split into route chunks (shared/TOOLCHAIN.md §5). Trunk runs it as a
# pre_build hook (Trunk.toml): Trunk's own rust pipeline cannot split, so this script does the
# cargo build, wasm-split-cli, wasm-bindgen and wasm-opt, and leaves for index.html:
#   target/split/out/pkg/b-<hash>/   every file of this build (glue, main module, chunks,
#                                    snippets), under one content-hashed folder: immutable
#   target/split/out/boot.js         public/boot.js with that folder's file names filled in
# Order matters: the split tool works on the linker's output, before wasm-bindgen.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/env.sh

NAME=portal
PROFILE="${TRUNK_PROFILE:-release}"
OUT=target/split/out
WORK=target/split/work

# Relocations let the split tool move functions between modules. RUSTFLAGS replaces the flags
# from .cargo/config.toml, so they are repeated here; its own target dir keeps these flags from
# rebuilding the unsplit builds (wasm tests) and the other way round.
profile_flag=(); [ "$PROFILE" = release ] && profile_flag=(--release)
# The release bundle: a panic is a bare trap (shipped_wasm_env in env.sh). A wasm panic already
# ended the app (panic = "abort"); what goes is the message text and the code formatting it,
# 22 kB brotli of the main module. Dev builds (trunk serve) keep the messages for debugging.
build_env=(wasm_env); panic_flags=""
if [ "$PROFILE" = release ]; then
  build_env=(shipped_wasm_env)
  panic_flags="$SHIPPED_PANIC_FLAGS"
fi
# Panic locations (dev builds; the release bundle keeps none) name their source files; shortened to
# the crate's own path, they take less data and name no build machine.
registry="${CARGO_HOME:-$HOME/.cargo}/registry/src"
remap=(); for dir in "$registry"/*/; do [ -d "$dir" ] && remap+=("--remap-path-prefix=$dir="); done
RUSTFLAGS="--cfg erase_components -C link-args=--emit-relocs ${remap[*]} --remap-path-prefix=$ROOT/= $panic_flags" \
  CARGO_TARGET_DIR=target/split/cargo \
  "${build_env[@]}" cargo build --quiet "${profile_flag[@]}" --target wasm32-unknown-unknown --bin "$NAME" --features split
linked="target/split/cargo/wasm32-unknown-unknown/$PROFILE/$NAME.wasm"

# The same linked wasm, start module and script as last time: the output is still right.
stamp=$(cat "$linked" public/boot.js src/lazy.rs scripts/split-wasm.sh scripts/split-offline.mjs | sha256sum | cut -c1-32)
if [ -f "$OUT/.stamp" ] && [ "$(cat "$OUT/.stamp")" = "$PROFILE-$stamp" ]; then
  echo "split build unchanged" >&2
  exit 0
fi
rm -rf "$WORK" "$OUT"
mkdir -p "$WORK/chunks" "$WORK/pkg" "$OUT/pkg"

wasm-split-cli --target web --out-name "$NAME" "$linked" "$WORK/chunks" >/dev/null
# The chunks of the screens that work offline (src/lazy.rs, Screen::OFFLINE): the service
# worker keeps them with the main module.
node scripts/split-offline.mjs "$WORK/chunks"
# --keep-lld-exports: chunks link against the main module's table and exports.
wasm-bindgen "$WORK/chunks/$NAME.wasm" --out-dir "$WORK/pkg" --out-name "$NAME" --target web \
  --no-typescript --keep-lld-exports
find "$WORK/chunks" -maxdepth 1 -type f ! -name "$NAME.wasm" -exec cp {} "$WORK/pkg/" \;

if [ "$PROFILE" = release ]; then
  for wasm in "$WORK"/pkg/*.wasm; do
    shipped_wasm_opt "$wasm" "$wasm"
  done
fi

hash=$(cd "$WORK/pkg" && find . -type f | sort | xargs sha256sum | sha256sum | cut -c1-16)
build="b-$hash"
mv "$WORK/pkg" "$OUT/pkg/$build"
sed -e "s|__BUNDLE_JS__|/pkg/$build/$NAME.js|" -e "s|__BUNDLE_WASM__|/pkg/$build/${NAME}_bg.wasm|" \
  public/boot.js >"$OUT/boot.js"
echo "$PROFILE-$stamp" >"$OUT/.stamp"
echo "split build $build: $(ls "$OUT/pkg/$build" | grep -c '\.wasm$') wasm files" >&2
