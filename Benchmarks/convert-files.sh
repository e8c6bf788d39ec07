#!/bin/sh
# File benchmarks of issue 5: `geokit convert` against `ogr2ogr` on the reference data,
# in the same run. Needs a release build (swift build -c release), gdal-bin, and the data
# of ../shared/bench generated into $BENCH_DATA (default /tmp/bench-data):
#   BENCH_DATA=/tmp/bench-data python3 ../shared/bench/gen_data.py
# With BIG=1 it also converts a 1.09 GB file (the 1M points seven times over).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
data=${BENCH_DATA:-/tmp/bench-data}
work=${TMPDIR:-/tmp}/geokit-file-bench
geokit="$root/.build/release/geokit"
rm -rf "$work" && mkdir -p "$work"
points="$data/de_points_1m.geojson"
measure() {  # label, command...
    label=$1; shift
    /usr/bin/time -f "$label: %e s, peak %M KB" "$@" >/dev/null 2>"$work/time.log" || true
    tail -1 "$work/time.log"
}
measure "geokit  GeoJSON -> GPKG" "$geokit" convert "$points" -o "$work/g.gpkg"
measure "ogr2ogr GeoJSON -> GPKG" ogr2ogr -f GPKG "$work/o.gpkg" "$points"
measure "geokit  GeoJSON -> CSV" "$geokit" convert "$points" -o "$work/g.csv"
measure "ogr2ogr GeoJSON -> CSV" ogr2ogr -f CSV "$work/o.csv" "$points" -lco GEOMETRY=AS_XY
measure "geokit  GeoJSON -> SHP" "$geokit" convert "$points" -o "$work/g.shp"
measure "ogr2ogr GeoJSON -> SHP" ogr2ogr -f "ESRI Shapefile" "$work/o.shp" "$points"
measure "geokit  CSV -> GPKG" "$geokit" convert "$work/g.csv" -o "$work/gc.gpkg"
measure "ogr2ogr CSV -> GPKG" ogr2ogr -f GPKG "$work/oc.gpkg" "$work/g.csv" -oo X_POSSIBLE_NAMES=x -oo Y_POSSIBLE_NAMES=y -oo AUTODETECT_TYPE=YES
measure "geokit  SHP -> GPKG" "$geokit" convert "$work/g.shp" -o "$work/gs.gpkg"
measure "ogr2ogr SHP -> GPKG" ogr2ogr -f GPKG "$work/os.gpkg" "$work/g.shp"
measure "geokit  GeoJSON -> GeoJSON 25832" "$geokit" convert "$points" -o "$work/g25832.geojson" --t-srs EPSG:25832
measure "ogr2ogr GeoJSON -> GeoJSON 25832" ogr2ogr -f GeoJSON "$work/o25832.geojson" "$points" -t_srs EPSG:25832
if [ "${BIG:-0}" = 1 ]; then
    big="$work/big.geojsonl"
    for i in 1 2 3 4 5 6 7; do cat "$data/de_points_1m.geojsonl"; done > "$big"
    echo "big input: $(du -h "$big" | cut -f1)"
    measure "geokit  1.09 GB GeoJSONSeq -> GPKG" "$geokit" convert "$big" -o "$work/big.gpkg"
    measure "ogr2ogr 1.09 GB GeoJSONSeq -> GPKG" ogr2ogr -f GPKG "$work/obig.gpkg" "$big"
fi
rm -rf "$work"
