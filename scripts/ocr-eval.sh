#!/usr/bin/env bash
# OCR field accuracy on the evaluation's *test* seeds: generated prescriptions (varied fonts,
# layouts, salts and dosage forms; one in three a degraded phone photo) that tuning never
# looks at. Real preprocessing, real Tesseract, the real parser. `scripts/ocr-eval.sh tune`
# scores the tuning seeds instead; OCR_VERBOSE=1 prints each page's reading.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v tesseract >/dev/null || scripts/bootstrap.sh --no-test-tools >&2
cargo build -q --release -p server --example ocr_accuracy
exec target/release/examples/ocr_accuracy "${@:-test}"
