#!/usr/bin/env bash
# `make fuzz`: coverage-guided fuzzing (libFuzzer through cargo-fuzz, on the nightly toolchain)
# of the parsers that take outside input: OCR text, article Markdown, multipart uploads and
# image decoding, the calendar export, phone numbers. Each target runs FUZZ_SECS (60) seconds
# from its corpus (fuzz/corpus/<target>, kept in the repository, minimised after the run) and
# the hand-written seeds (fuzz/seeds/<target>). A crash is saved under fuzz/artifacts/<target>/
# and becomes a unit test once understood. Not part of `make test`: prints a report.
#   FUZZ_SECS=600 make fuzz          longer runs
#   scripts/fuzz.sh ics upload       some targets only
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/bootstrap.sh --fuzz || { echo "bootstrap failed"; exit 1; }
source scripts/env.sh
SECS=${FUZZ_SECS:-60}
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(ocr_lines markdown phone ics upload)
# Outside the project's target/ for the normal builds: sanitizer builds share nothing with them.
export CARGO_TARGET_DIR="$ROOT/target/fuzz"
mkdir -p artifacts
report=()
crashed=0
for t in "${TARGETS[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/seeds/$t"
  log="artifacts/fuzz-$t.log"
  echo "==> $t (${SECS}s)"
  # Uploads are capped at 64 kB per input so the time goes to framing and decoding paths.
  max_len=4096
  [ "$t" = upload ] && max_len=65536
  cargo +nightly fuzz run "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
    -max_total_time="$SECS" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1
  status=$?
  execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
  ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
  found=$(ls "fuzz/artifacts/$t" 2>/dev/null | grep -cE '^(crash|oom|timeout|leak)-' || true)
  if [ "$status" -ne 0 ] || [ "${found:-0}" -gt 0 ]; then
    crashed=$((crashed + 1))
    grep -E 'panicked|ERROR: libFuzzer|SUMMARY' "$log" | head -5
  else
    # Keep the corpus small enough to commit: only inputs that add coverage.
    cargo +nightly fuzz cmin "$t" "fuzz/corpus/$t" >>"$log" 2>&1 || true
  fi
  corpus=$(ls "fuzz/corpus/$t" | wc -l)
  report+=("$(printf '  %-10s %10s execs  cov %5s  ft %6s  corpus %4s  crashes %s' "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$corpus" "${found:-0}")")
done
echo
echo "fuzz report (${SECS}s per target; logs in artifacts/fuzz-*.log):"
printf '%s\n' "${report[@]}"
[ "$crashed" -eq 0 ]
