#!/bin/sh
# INSPIRE export of the 1,000,000 reference points (issue 15): `geokit inspire export` to
# INSPIRE GML (us-govserv 5.0, EPSG:4258 latitude first) against `ogr2ogr -f GML` of the
# same file (plain GML 3.2, not INSPIRE), in the same run, three rounds alternating.
# Needs a geokit binary (default: the release build), gdal-bin, and the reference data:
#   BENCH_DATA=/tmp/bench-data python3 ../shared/bench/gen_data.py
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
data=${BENCH_DATA:-/tmp/bench-data}
geokit=${GEOKIT:-"$root/.build/release/geokit"}
work=${TMPDIR:-/tmp}/geokit-inspire-bench
rm -rf "$work" && mkdir -p "$work"
points="$data/de_points_1m.geojson"
cat > "$work/mapping.yaml" <<'YAML'
profile: aed
dataset: de-points
namespace: https://example.org/bench/points
localId: {field: id}
YAML
measure() {  # label, command... (a failed command is reported as such, never timed as a result)
    label=$1; shift
    if /usr/bin/time -f "$label: %e s, peak %M KB" "$@" >/dev/null 2>"$work/time.log"; then
        tail -1 "$work/time.log"
    else
        echo "$label: FAILED"; tail -3 "$work/time.log"
    fi
}
for round in 1 2 3; do
    measure "geokit  inspire export (round $round)" "$geokit" inspire export "$points" --mapping "$work/mapping.yaml" -o "$work/g"
    rm -f "$work/o.gml" "$work/o.xsd"
    measure "ogr2ogr -f GML (round $round)" ogr2ogr -f GML "$work/o.gml" "$points" -dsco FORMAT=GML3.2
done
ls -l "$work/g/de-points.gml" "$work/o.gml" | awk '{print $5, $9}'
