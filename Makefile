# GeoKit — quick start: `make run` and `make test` on a fresh Debian/Ubuntu machine with Swift.
SWIFT ?= swift
FIXTURES := $(shell find Fixtures -name '*.geojson' -not -path 'Fixtures/bad/*' | sort)

PREFIX ?= /usr/local

.PHONY: deps test-deps build run serve test test-release postgis-up postgis-down install docs leak-check fuzz examples bench clean

deps:
	@sh scripts/install-deps.sh

test-deps:
	@sh scripts/install-deps.sh --test

build: deps
	$(SWIFT) build --product geokit

# The main job on the bundled data: describe every fixture layer, then find the nearest
# defibrillators to Cologne Cathedral, an address in Essen's house coordinates, and the
# share of schools with a defibrillator within 300 m.
run: build
	$(SWIFT) run --skip-build geokit info $(FIXTURES)
	$(SWIFT) run --skip-build geokit nearest Fixtures/aed/koeln_aed_register.geojson --at 6.9583,50.9413 -k 3
	$(SWIFT) run --skip-build geokit locate "Rüttenscheider Straße 3, 45128 Essen" \
		--addresses Fixtures/addresses/essen_hauskoordinaten_sample.geojson
	$(SWIFT) run --skip-build geokit coverage --targets Fixtures/schools/koeln_osm_schools_sample.geojson \
		--facilities Fixtures/aed/koeln_aed_register.geojson --within 300m
	rm -rf .build/run-output
	$(SWIFT) run --skip-build geokit convert Fixtures/aed Fixtures/shapefile -o .build/run-output --to gpkg --t-crs EPSG:25832
	$(SWIFT) run --skip-build geokit info .build/run-output/koeln_stadtbezirk.gpkg
	$(SWIFT) run --skip-build geokit inspire export Fixtures/aed/koeln_aed_register.geojson \
		--mapping Fixtures/inspire/koeln_aed_mapping.yaml --metadata Fixtures/inspire/koeln_aed_metadata.yaml \
		-o .build/run-output/inspire
	@echo "make serve: the same layers as an OGC API – Features service with HTML pages and a nearest-AED page"

# The bundled AEDs, schools and solar roofs as an OGC API – Features service (the first line
# printed is its URL; PORT=0 takes any free port; Ctrl-C stops it). ?address= on the nearest
# endpoint looks addresses up in the Essen house-coordinate sample.
serve: build
	$(SWIFT) run --skip-build geokit serve Fixtures/aed/koeln_aed_register.geojson Fixtures/schools/koeln_osm_schools_sample.geojson \
		Fixtures/solar/berlin_pv_potential_sample_25833.geojson \
		--addresses Fixtures/addresses/essen_hauskoordinaten_sample.geojson --port $(or $(PORT),8080) \
		--title "GeoKit: bundled open data" --description "Defibrillators and schools in Köln, solar roofs in Berlin"

# Examples/ and Benchmarks/ depend on this package by path. SwiftPM does not notice a
# source file added to it and keeps the old build plan, so the plan is dropped first.
EXAMPLES = rm -f Examples/.build/debug.yaml Examples/.build/build.db && $(SWIFT) build --package-path Examples

# The suite runs with a throw-away PostGIS cluster (scripts/postgis.sh), stopped afterwards;
# when none can be started, the PostGIS tests say that they skip.
test: test-deps
	$(SWIFT) build --build-tests
	sh scripts/with-postgis.sh $(SWIFT) test --skip-build
	$(EXAMPLES)

# A PostGIS database for trying the postgresql:// driver (its URL is printed; `make
# postgis-down` stops it and removes its folder).
postgis-up: test-deps
	@sh scripts/postgis.sh up

postgis-down:
	@sh scripts/postgis.sh down

# The whole suite in release mode (catches work hidden inside assert()).
test-release: test-deps
	sh scripts/with-postgis.sh $(SWIFT) test -c release

# A release build of the command-line tool, copied to $(PREFIX)/bin (the debug build that
# `make run` uses is several times slower).
install: deps
	$(SWIFT) build -c release --product geokit
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 "$$($(SWIFT) build -c release --show-bin-path)/geokit" $(DESTDIR)$(PREFIX)/bin/geokit
	@# The official XML schemas for `geokit inspire validate`, when the bundle is beside the
	@# repository (GeoKit does not carry them: their licence is yet to be settled).
	@if [ -f ../shared/schemas/catalog.xml ]; then \
		install -d $(DESTDIR)$(PREFIX)/share/geokit && rm -rf $(DESTDIR)$(PREFIX)/share/geokit/schemas && \
		cp -R ../shared/schemas $(DESTDIR)$(PREFIX)/share/geokit/schemas && \
		echo "installed the INSPIRE/GML/ISO schemas in $(DESTDIR)$(PREFIX)/share/geokit/schemas"; \
	else echo "no ../shared/schemas: geokit inspire validate needs --schemas DIR or GEOKIT_SCHEMAS"; fi
	@echo "installed $(DESTDIR)$(PREFIX)/bin/geokit"

# The API reference (DocC, one archive per module in .build/docs); any DocC warning fails.
docs: deps
	sh scripts/build-docs.sh

# LeakSanitizer (AddressSanitizer) over the GEOS and PROJ wrapper tests: reports any GEOS or
# PROJ object, buffer or string the wrappers fail to free (XCTest's own runner leaks a few
# objects, which the report names; none may come from GeoKit).
leak-check: test-deps
	$(SWIFT) build --build-tests --scratch-path .build-asan --sanitize=address
	ASAN_OPTIONS=detect_leaks=1 $(SWIFT) test --skip-build --scratch-path .build-asan --sanitize=address \
		--filter 'GEOSOperationTests|GEOSXMLSuiteTests|HostileGeometryTests|TransformerTests|CRSTests|DataCRSGuardTests|PeerSuiteTests' 2>&1 | tee .build-asan/leaks.log; \
	! grep -E '^ +#[0-9]+ .*(/Sources/Geo|libgeos|libproj)' .build-asan/leaks.log

# libFuzzer over every reader (Tests/Fuzz, FUZZING.md): FUZZ_SECONDS per target (default 60);
# `make fuzz FUZZ_TARGETS="wkt csv"` runs some. CI runs each for a short bounded time.
fuzz: test-deps
	FUZZ_SECONDS=$(or $(FUZZ_SECONDS),60) sh scripts/fuzz.sh $(FUZZ_TARGETS)

examples: deps
	$(EXAMPLES)

# Benchmarks (release) and the peer figures, see BENCHMARKS.md.
bench: deps
	sh Benchmarks/run.sh

clean:
	rm -rf .build .build-asan .build-fuzz Examples/.build Benchmarks/.build
