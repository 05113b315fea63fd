# sahel-kg: the two commands are `make export` and `make test`.
SHELL := /bin/bash
CARGO ?= cargo
BIN := target/release/sahel-kg

.PHONY: export validate build test lint fmt-check unit interop test-interop test-browser fuzz clean bench

## export: validate the annotations, build the graph, write every report and export to output/
export: build
	$(BIN) export

## validate: check the annotations only
validate: build
	$(BIN) validate

build: $(BIN)

# Cargo only when a file it builds from is newer than the binary: asking cargo costs 0.14 s even
# when nothing changed, half of a warm `make export` on the five documents. The touch records
# a build in which cargo found nothing to relink (a file saved without changes).
$(BIN): Cargo.toml Cargo.lock $(shell find src -type f 2>/dev/null)
	$(CARGO) build --release --locked --quiet
	@touch $@

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
	  $(MAKE) --no-print-directory test-interop test-browser; \
	else \
	  echo "make test: skipping test-interop and test-browser (installing the triple stores and Chromium needs root: sudo make test-interop test-browser)"; \
	fi

## test-interop: install rapper, rdflib, Oxigraph server, Virtuoso and Jena, load a fresh export
## into each and compare every stored query's answer with the report
test-interop: build
	bash interop/install.sh
	rm -rf target/interop-output
	$(BIN) export --out target/interop-output
	bash interop/run.sh target/interop-output

## test-browser: open output/index.html in headless Chromium (installed from Debian when
## missing): no console error, tables and pictures shown; screenshot in target/index.png.
## Then annotate in it: `sahel-kg annotate` on a copy of tests/fixtures/annotate, a fact saved
## from a mouse selection, a not-fact decision, a save refused after an edit behind its back;
## screenshots in target/annotate-*.png
test-browser: export
	bash browser/install.sh
	python3 browser/check.py output/index.html target/index.png
	python3 browser/annotate.py $(BIN) tests/fixtures/annotate/seeds ontology target

clean:
	$(CARGO) clean

## fuzz: the no-panic properties with many more cases than `make test` runs
fuzz:
	PROPTEST_CASES=20000 $(CARGO) test --release --locked --test no_panic

## bench: sahel-kg against the floor and its peers (Morph-KGC, pyoxigraph) at 10k, 100k and 1M
## facts; installs the peers, writes bench/results.md (not part of `make test`: it takes ~20 min)
bench: build
	bash bench/install.sh
	bash bench/run.sh
