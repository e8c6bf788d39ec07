# GeoKit — quick start: `make run` and `make test` on a fresh Debian/Ubuntu machine with Swift.
SWIFT ?= swift
FIXTURES := $(shell find Fixtures -name '*.geojson' -not -path 'Fixtures/bad/*' | sort)

.PHONY: deps test-deps build run test test-release examples bench clean

deps:
	@sh scripts/install-deps.sh

test-deps:
	@sh scripts/install-deps.sh --test

build: deps
	$(SWIFT) build --product geokit

# The main job on the bundled data: describe every fixture layer.
run: build
	$(SWIFT) run --skip-build geokit info $(FIXTURES)

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(SWIFT) build --package-path Examples

# The whole suite in release mode (catches work hidden inside assert()).
test-release: test-deps
	$(SWIFT) test -c release

examples: deps
	$(SWIFT) build --package-path Examples

# Benchmarks (release) and the peer figures, see BENCHMARKS.md.
bench: deps
	sh Benchmarks/run.sh

clean:
	rm -rf .build Examples/.build Benchmarks/.build
