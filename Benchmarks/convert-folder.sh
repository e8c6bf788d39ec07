#!/bin/sh
# Folder benchmark of issue 5: the real open-data files of ../shared/data (Shapefiles and
# GeoJSON) converted to one GeoPackage each, by `geokit convert` with one and two jobs and by
# an ogr2ogr loop, in the same run. Needs a release build (swift build -c release) and gdal-bin.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
data="$root/../shared/data"
work=${TMPDIR:-/tmp}/geokit-folder-bench
rm -rf "$work" && mkdir -p "$work/in"
cp "$data"/koeln_shp/* "$data"/admin/bkg_vg5000_2021_shp/VG5000_* "$work/in/"
cp "$data"/aed/*.geojson "$data"/schools/koeln_osm_amenity_school_2017.geojson "$data"/admin/geoGermany_vg5000_2021_*.geojson \
   "$data"/buildings/nrw_lod2_wesel_koeln_ground_footprints_25832.geojson "$data"/misc/*.geojson "$work/in/"
files=$(ls "$work"/in/*.shp "$work"/in/*.geojson | wc -l)
size=$(du -sh "$work/in" | cut -f1)
echo "inputs: $files files, $size"
geokit="$root/.build/release/geokit"
for jobs in 1 2; do
    rm -rf "$work/out$jobs"
    /usr/bin/time -f "geokit convert --jobs $jobs: %e s, peak %M KB" "$geokit" convert "$work/in" -o "$work/out$jobs" --to gpkg --jobs "$jobs" 2>&1 | tail -1
done
# One job held to one core: the single-threaded figure (one job otherwise reads each
# file on a second thread while it writes).
if command -v taskset >/dev/null; then
    rm -rf "$work/out1c"
    /usr/bin/time -f "geokit convert --jobs 1 on one core: %e s, peak %M KB" taskset -c 0 "$geokit" convert "$work/in" -o "$work/out1c" --to gpkg --jobs 1 2>&1 | tail -1
fi
rm -rf "$work/ogr" && mkdir -p "$work/ogr"
/usr/bin/time -f "ogr2ogr loop: %e s, peak %M KB" sh -c '
for f in "$0"/in/*.shp "$0"/in/*.geojson; do
    b=$(basename "$f"); ogr2ogr -f GPKG "$0/ogr/${b%.*}.gpkg" "$f" 2>/dev/null || echo "ogr2ogr FAILED on $b"
done' "$work" 2>&1 | tail -2
