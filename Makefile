# sahel-kg: the two commands are `make export` and `make test`.
SHELL := /bin/bash
CARGO ?= cargo
BIN := target/release/sahel-kg

.PHONY: export validate build test lint fmt-check unit fuzz clean

## export: validate the annotations, build the graph, write every report and export to output/
export: build
	$(BIN) export

## validate: check the annotations only
validate: build
	$(BIN) validate

build:
	$(CARGO) build --release --locked --quiet

## test: formatting, lints, unit and integration tests (including: output/ is what the code makes)
test: fmt-check lint unit

fmt-check:
	$(CARGO) fmt --check

lint:
	$(CARGO) clippy --locked --all-targets -- -D warnings

unit:
	$(CARGO) test --locked

clean:
	$(CARGO) clean

## fuzz: the no-panic properties with many more cases than `make test` runs
fuzz:
	PROPTEST_CASES=20000 $(CARGO) test --release --locked --test no_panic
