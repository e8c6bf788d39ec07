#!/bin/sh
# geokit serve against pygeoapi on the same GeoPackage of 20,000 AEDs (aed_20k from
# ../shared/bench/gen_data.py, written once by ogr2ogr), both read with wrk on loopback in
# the same run: a bbox page of 100 features, a feature by id, and GeoKit's /nearest.
# pygeoapi (PyPI) serves through its OGR provider under gunicorn with 2 workers; GeoKit is
# the release build. Prints one line per endpoint and server: requests/s, p50 and p99
# latency, errors.
#   Benchmarks/server-bench.sh            DURATION=60s CONNECTIONS=16 by default
# Needs: wrk (Debian), ogr2ogr (gdal-bin), python3 with pygeoapi and gunicorn (PyPI) and
# Debian's python3-gdal (its osgeo package is put on pygeoapi's path).
set -eu
cd "$(dirname "$0")"
DATA=${BENCH_DATA:-/tmp/bench-data}
DURATION=${DURATION:-60s}
CONNECTIONS=${CONNECTIONS:-16}
GEOKIT_PORT=${GEOKIT_PORT:-18080}
PYGEOAPI_PORT=${PYGEOAPI_PORT:-15000}
if [ ! -f "$DATA/aed_20k.geojson" ]; then BENCH_DATA="$DATA" python3 ../../shared/bench/gen_data.py; fi
GPKG="$DATA/aed_20k.gpkg"
[ -f "$GPKG" ] || ogr2ogr -f GPKG "$GPKG" "$DATA/aed_20k.geojson" -nln aed
(cd .. && swift build -c release --product geokit >/dev/null)
GEOKIT="$(cd .. && swift build -c release --show-bin-path)/geokit"

work=$(mktemp -d)
trap 'kill $(cat "$work"/*.pid 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT

# The densest 0.05° cell of the data: a box with about 200 features, so that a page of
# 100 is full.
BBOX=7.625,54.025,7.675,54.075
ID=12345

cat >"$work/pygeoapi.yml" <<YAML
server:
  bind: {host: 127.0.0.1, port: $PYGEOAPI_PORT}
  url: http://127.0.0.1:$PYGEOAPI_PORT
  mimetype: application/json; charset=UTF-8
  encoding: utf-8
  languages: [en-US]
  limits: {default_items: 10, max_items: 10000}
  map: {url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', attribution: OpenStreetMap}
logging: {level: ERROR}
metadata:
  identification: {title: bench, description: bench, keywords: [bench], keywords_type: theme, terms_of_service: none, url: http://example.org}
  license: {name: CC-BY 4.0, url: https://creativecommons.org/licenses/by/4.0/}
  provider: {name: bench, url: http://example.org}
  contact: {name: bench, position: bench, address: bench, city: bench, stateorprovince: bench, postalcode: bench, country: bench, phone: bench, fax: bench, email: bench@example.org, url: http://example.org, hours: bench, instructions: bench, role: pointOfContact}
resources:
  aed:
    type: collection
    title: aed
    description: 20,000 AED-like points
    keywords: [aed]
    links: []
    extents: {spatial: {bbox: [5.87, 47.27, 15.04, 55.06], crs: http://www.opengis.net/def/crs/OGC/1.3/CRS84}}
    providers:
      - type: feature
        name: OGR
        data: {source_type: GPKG, source: $GPKG, source_capabilities: {paging: true}}
        id_field: id
        layer: aed
YAML
mkdir -p "$work/osgeo" && ln -sf /usr/lib/python3/dist-packages/osgeo "$work/osgeo/osgeo"
export PYGEOAPI_CONFIG="$work/pygeoapi.yml" PYGEOAPI_OPENAPI="$work/openapi.yml" PYTHONPATH="$work/osgeo"
pygeoapi openapi generate "$PYGEOAPI_CONFIG" --output-file "$PYGEOAPI_OPENAPI" >"$work/openapi.log" 2>&1 || { cat "$work/openapi.log"; exit 1; }
gunicorn -w 2 -b 127.0.0.1:$PYGEOAPI_PORT --log-level error pygeoapi.flask_app:APP >"$work/pygeoapi.log" 2>&1 &
echo $! >"$work/pygeoapi.pid"
"$GEOKIT" serve "$GPKG" --port $GEOKIT_PORT --log-level error >"$work/geokit.log" 2>&1 &
echo $! >"$work/geokit.pid"

wait_for() { for _ in $(seq 1 100); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done; echo "no answer from $1" >&2; exit 1; }
wait_for "http://127.0.0.1:$PYGEOAPI_PORT/collections/aed/items/$ID?f=json"
wait_for "http://127.0.0.1:$GEOKIT_PORT/collections/aed/items/$ID"

measure() { # name url
    out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$2")
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    errors=$(echo "$out" | awk '/Non-2xx/ {n += $NF} /Socket errors/ {n += 1} END {print n + 0}')
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    printf '%-28s %10s req/s   p50 %8s   p99 %8s   %s requests, %s errors\n' "$1" "$rps" "$p50" "$p99" "$requests" "$errors"
}
# Both answer the same pages: the counts must agree before anything is timed.
ours=$(curl -sf "http://127.0.0.1:$GEOKIT_PORT/collections/aed/items?limit=100&bbox=$BBOX" | python3 -c "import json,sys; d=json.load(sys.stdin); print(d.get('numberMatched', '-'), len(d['features']))")
theirs=$(curl -sf "http://127.0.0.1:$PYGEOAPI_PORT/collections/aed/items?limit=100&bbox=$BBOX&f=json" | python3 -c "import json,sys; d=json.load(sys.stdin); print(d.get('numberMatched', '-'), len(d['features']))")
echo "bbox page (numberMatched, returned): geokit $ours, pygeoapi $theirs"
echo "wrk -t2 -c$CONNECTIONS -d$DURATION on loopback"
measure "pygeoapi bbox page of 100" "http://127.0.0.1:$PYGEOAPI_PORT/collections/aed/items?limit=100&bbox=$BBOX&f=json"
measure "geokit bbox page of 100" "http://127.0.0.1:$GEOKIT_PORT/collections/aed/items?limit=100&bbox=$BBOX"
measure "pygeoapi feature by id" "http://127.0.0.1:$PYGEOAPI_PORT/collections/aed/items/$ID?f=json"
measure "geokit feature by id" "http://127.0.0.1:$GEOKIT_PORT/collections/aed/items/$ID"
measure "geokit nearest k=5" "http://127.0.0.1:$GEOKIT_PORT/collections/aed/nearest?lon=7.65&lat=54.05&k=5"
