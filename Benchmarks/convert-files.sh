#!/bin/sh
# File benchmarks of issue 5: `geokit convert` against `ogr2ogr` on the reference data,
# in the same run. Needs a release build (swift build -c release), gdal-bin, and the data
# of ../shared/bench generated into $BENCH_DATA (default /tmp/bench-data):
#   BENCH_DATA=/tmp/bench-data python3 ../shared/bench/gen_data.py
# Each geokit conversion also runs held to one core (taskset): geokit reads and writes a
# file on two threads, ogr2ogr on one.
# With BIG=1 it also converts a 1.10 GB file (the 1M points seven times over, ids renumbered).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
data=${BENCH_DATA:-/tmp/bench-data}
work=${TMPDIR:-/tmp}/geokit-file-bench
geokit="$root/.build/release/geokit"
rm -rf "$work" && mkdir -p "$work"
points="$data/de_points_1m.geojson"
measure() {  # label, command... (a failed command is reported as such, never timed as a result)
    label=$1; shift
    if /usr/bin/time -f "$label: %e s, peak %M KB" "$@" >/dev/null 2>"$work/time.log"; then
        tail -1 "$work/time.log"
    else
        echo "$label: FAILED"; grep -m3 -i error "$work/time.log" || tail -3 "$work/time.log"
    fi
}
measure "geokit  GeoJSON -> GPKG" "$geokit" convert "$points" -o "$work/g.gpkg"
measure "geokit  GeoJSON -> GPKG (one core)" taskset -c 0 "$geokit" convert "$points" -o "$work/1c-g.gpkg"
measure "ogr2ogr GeoJSON -> GPKG" ogr2ogr -f GPKG "$work/o.gpkg" "$points"
measure "geokit  GeoJSON -> CSV" "$geokit" convert "$points" -o "$work/g.csv"
measure "geokit  GeoJSON -> CSV (one core)" taskset -c 0 "$geokit" convert "$points" -o "$work/1c-g.csv"
measure "ogr2ogr GeoJSON -> CSV" ogr2ogr -f CSV "$work/o.csv" "$points" -lco GEOMETRY=AS_XY
measure "geokit  GeoJSON -> SHP" "$geokit" convert "$points" -o "$work/g.shp"
measure "geokit  GeoJSON -> SHP (one core)" taskset -c 0 "$geokit" convert "$points" -o "$work/1c-g.shp"
measure "ogr2ogr GeoJSON -> SHP" ogr2ogr -f "ESRI Shapefile" "$work/o.shp" "$points"
measure "geokit  CSV -> GPKG" "$geokit" convert "$work/g.csv" -o "$work/gc.gpkg"
measure "geokit  CSV -> GPKG (one core)" taskset -c 0 "$geokit" convert "$work/g.csv" -o "$work/1c-gc.gpkg"
measure "ogr2ogr CSV -> GPKG" ogr2ogr -f GPKG "$work/oc.gpkg" "$work/g.csv" -oo X_POSSIBLE_NAMES=x -oo Y_POSSIBLE_NAMES=y -oo AUTODETECT_TYPE=YES
measure "geokit  SHP -> GPKG" "$geokit" convert "$work/g.shp" -o "$work/gs.gpkg"
measure "geokit  SHP -> GPKG (one core)" taskset -c 0 "$geokit" convert "$work/g.shp" -o "$work/1c-gs.gpkg"
measure "ogr2ogr SHP -> GPKG" ogr2ogr -f GPKG "$work/os.gpkg" "$work/g.shp"
measure "geokit  GeoJSON -> GeoJSON 25832" "$geokit" convert "$points" -o "$work/g25832.geojson" --t-srs EPSG:25832
measure "geokit  GeoJSON -> GeoJSON 25832 (one core)" taskset -c 0 "$geokit" convert "$points" -o "$work/1c-g25832.geojson" --t-srs EPSG:25832
measure "ogr2ogr GeoJSON -> GeoJSON 25832" ogr2ogr -f GeoJSON "$work/o25832.geojson" "$points" -t_srs EPSG:25832
if [ "${BIG:-0}" = 1 ]; then
    big="$work/big.geojsonl"
    # Seven copies with the ids renumbered: GDAL makes an integer "id" the GeoPackage
    # FID, so repeated ids would stop ogr2ogr at feature 1,000,001.
    for i in 0 1 2 3 4 5 6; do
        awk -v offset=$((i * 1000000)) '{ match($0, /"id": [0-9]+/); id = substr($0, RSTART + 6, RLENGTH - 6) + offset; print substr($0, 1, RSTART + 5) id substr($0, RSTART + RLENGTH) }' "$data/de_points_1m.geojsonl"
    done > "$big"
    echo "big input: $(du -h "$big" | cut -f1)"
    measure "geokit  1.09 GB GeoJSONSeq -> GPKG" "$geokit" convert "$big" -o "$work/big.gpkg"
    measure "geokit  1.09 GB GeoJSONSeq -> GPKG (one core)" taskset -c 0 "$geokit" convert "$big" -o "$work/1c-big.gpkg"
    measure "ogr2ogr 1.09 GB GeoJSONSeq -> GPKG" ogr2ogr -f GPKG "$work/obig.gpkg" "$big"
fi
rm -rf "$work"
