# sahel-kg: the two commands are `make export` and `make test`.
SHELL := /bin/bash
CARGO ?= cargo
BIN := target/release/sahel-kg

.PHONY: export validate build test lint fmt-check unit interop test-interop fuzz clean

## export: validate the annotations, build the graph, write every report and export to output/
export: build
	$(BIN) export

## validate: check the annotations only
validate: build
	$(BIN) validate

build:
	$(CARGO) build --release --locked --quiet

## test: formatting, lints, unit and integration tests (including: output/ is what the code
## makes), then the exports loaded into real triple stores when this machine can install them
test: fmt-check lint unit interop

fmt-check:
	$(CARGO) fmt --check

lint:
	$(CARGO) clippy --locked --all-targets -- -D warnings

unit:
	$(CARGO) test --locked

# The triple stores come from Debian and PyPI, which takes root; CI runs as root. Elsewhere,
# say why the step is skipped rather than failing on a developer's laptop.
interop:
	@if [ "$$(id -u)" = 0 ]; then \
	  $(MAKE) --no-print-directory test-interop; \
	else \
	  echo "make test: skipping test-interop (installing the triple stores needs root: sudo make test-interop)"; \
	fi

## test-interop: install rapper, rdflib, Oxigraph server, Virtuoso and Jena, load a fresh export
## into each and compare every stored query's answer with the report
test-interop: build
	bash interop/install.sh
	rm -rf target/interop-output
	$(BIN) export --out target/interop-output
	bash interop/run.sh target/interop-output

clean:
	$(CARGO) clean

## fuzz: the no-panic properties with many more cases than `make test` runs
fuzz:
	PROPTEST_CASES=20000 $(CARGO) test --release --locked --test no_panic
