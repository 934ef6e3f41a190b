# The two set-up commands are `make run` and `make test`; everything else is a helper.
SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help run test contract bench fuzz ocr-eval scale-out setup portal clean

help:
	@echo "make run    build the portal and server, start both on http://127.0.0.1:8080 (demo data)"
	@echo "make test   run every test layer (unit, wasm browser, server integration, end-to-end)"
	@echo "make test-LAYER  one layer: unit properties server contract pg load wasm e2e"
	@echo "make contract  the API against its own OpenAPI document (Schemathesis); one layer of make test"
	@echo "make scale-out  2 instances + 2 OCR workers on one PostgreSQL database (see README, Deployment)"
	@echo "make bench  sizes, throttled load metrics, server load; PASS/FAIL per budget (artifacts/bench.json)"
	@echo "make ocr-eval  OCR field accuracy on generated prescriptions never used for tuning (also in make bench)"
	@echo "make fuzz   coverage-guided fuzzing of the input parsers, FUZZ_SECS (60) per target; a report"

## Builds everything (release) and serves the portal + API with demo data.
run:
	@scripts/run.sh

## Every test layer; ends with one line "N passed, N failed".
test:
	@scripts/test.sh

## One layer of make test: make test-unit, test-properties, test-server, test-contract,
## test-pg, test-load, test-wasm, test-e2e (several: TEST_LAYERS="unit server" scripts/test.sh).
test-%:
	@TEST_LAYERS="$*" scripts/test.sh

## Generated requests against the real server, checked against /api/openapi.json.
contract:
	@scripts/contract.sh

## Sizes, throttled load metrics and server load against the budgets; a report, not a test.
bench:
	@scripts/bench.sh

## OCR accuracy per field on the evaluation's held-out test seeds; a report, not a test.
ocr-eval:
	@scripts/ocr-eval.sh

## Coverage-guided fuzzing of the parsers that take outside input; a report, not a test.
fuzz:
	@scripts/fuzz.sh

## Two instances and two OCR workers on one PostgreSQL database (a throwaway cluster).
scale-out:
	@scripts/scale-out.sh

setup:
	@scripts/bootstrap.sh

portal:
	@scripts/build-portal.sh

clean:
	rm -rf dist target/e2e-data artifacts
